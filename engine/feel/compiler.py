"""Compiles a FEEL syntax tree into nested Python closures, once; evaluation then only calls them.

Every closure takes the :class:`Env` and returns a FEEL value. Runtime problems never raise: they
warn through the Env and yield null, as feel-scala does.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from engine.feel import ast, library, operators, temporal
from engine.feel.runtime import MISSING, Env, Evaluator, Lambda, is_function
from engine.feel.values import DECIMAL_CONTEXT, DaysTimeDuration, FeelRange, YearsMonthsDuration

Test = Callable[[Env, Any], "bool | None"]
"""A compiled positive unary test: (env, input) -> True/False, or None when it cannot decide."""


class _NotAList(Exception):
    """Aborts an iteration whose source is not a list (the whole for/some/every yields null)."""


def _order_test(operator: str) -> Callable[[int], bool]:
    return {
        "<": lambda order: order < 0,
        "<=": lambda order: order <= 0,
        ">": lambda order: order > 0,
        ">=": lambda order: order >= 0,
    }[operator]


class Compiler:
    def __init__(self, builtin_names: frozenset[str]) -> None:
        self.builtins = builtin_names

    # ------------------------------------------------------------------ expressions

    def expression(self, node: ast.Node) -> Evaluator:
        method: Callable[[Any], Evaluator] = getattr(self, "_" + type(node).__name__)
        return method(node)

    def _Literal(self, node: ast.Literal) -> Evaluator:
        value = node.value

        def literal(env: Env) -> Any:
            return value

        return literal

    def _TemporalLiteral(self, node: ast.TemporalLiteral) -> Evaluator:
        value = temporal.parse_temporal_literal(node.text)
        text = node.text

        def temporal_literal(env: Env) -> Any:
            if value is None:
                env.warn(f'Invalid temporal literal @"{text}"')
            return value

        return temporal_literal

    def _Name(self, node: ast.Name) -> Evaluator:
        name = node.name
        is_builtin = name in self.builtins

        def variable(env: Env) -> Any:
            value = env.vars.get(name, MISSING)
            if value is MISSING:
                value = env.lookup(name)
                if value is MISSING:
                    if is_builtin:
                        return library.get_builtin(name)
                    env.warn(f"No variable found with name '{name}'")
                    return None
            return value

        return variable

    def _InputValue(self, node: ast.InputValue) -> Evaluator:
        def input_value(env: Env) -> Any:
            value = env.input
            if value is MISSING:
                env.warn("No input value available. '?' can only be used inside a unary-test expression.")
                return None
            return value

        return input_value

    def _Negation(self, node: ast.Negation) -> Evaluator:
        operand = self.expression(node.operand)

        def negation(env: Env) -> Any:
            return operators.negate(operand(env), env.warn)

        return negation

    def _Arithmetic(self, node: ast.Arithmetic) -> Evaluator:
        left = self.expression(node.left)
        right = self.expression(node.right)
        operator = {
            "+": operators.add,
            "-": operators.subtract,
            "*": operators.multiply,
            "/": operators.divide,
            "**": operators.power,
        }[node.operator]
        if node.operator == "+":

            def plus(env: Env) -> Any:
                a = left(env)
                b = right(env)
                if type(a) is Decimal and type(b) is Decimal:
                    return DECIMAL_CONTEXT.add(a, b)
                return operator(a, b, env.warn)

            return plus

        def arithmetic(env: Env) -> Any:
            return operator(left(env), right(env), env.warn)

        return arithmetic

    def _Comparison(self, node: ast.Comparison) -> Evaluator:
        left = self.expression(node.left)
        if node.operator in ("=", "!="):
            return self._equality(left, self.expression(node.right), node.operator == "!=")
        ordered = _order_test(node.operator)
        if isinstance(node.right, ast.Literal) and type(node.right.value) is Decimal:
            # the common decision-table shape `amount >= 5000000`: no closure call for the constant
            constant = node.right.value
            fast: Callable[[Decimal, Decimal], bool] = {
                "<": Decimal.__lt__,
                "<=": Decimal.__le__,
                ">": Decimal.__gt__,
                ">=": Decimal.__ge__,
            }[node.operator]

            def compare_constant(env: Env) -> Any:
                a = left(env)
                if type(a) is Decimal:
                    return fast(a, constant)
                return _ordered(env, a, constant, ordered)

            return compare_constant
        right = self.expression(node.right)

        def compare(env: Env) -> Any:
            return _ordered(env, left(env), right(env), ordered)

        return compare

    def _equality(self, left: Evaluator, right: Evaluator, negated: bool) -> Evaluator:
        def equality(env: Env) -> Any:
            a = left(env)
            b = right(env)
            result = operators.equals(a, b)
            if result is None:
                env.warn(f"Can't compare {operators.quote(a)} with {operators.quote(b)}")
                return None
            return result is not negated

        return equality

    def _Between(self, node: ast.Between) -> Evaluator:
        value = self.expression(node.value)
        low = self.expression(node.low)
        high = self.expression(node.high)
        at_least = _order_test(">=")
        at_most = _order_test("<=")

        def between(env: Env) -> Any:
            x = value(env)
            lower = _ordered(env, x, low(env), at_least)
            if lower is False:
                return False
            upper = _ordered(env, x, high(env), at_most)
            if upper is False:
                return False
            return None if lower is None or upper is None else True

        return between

    def _Conjunction(self, node: ast.Conjunction) -> Evaluator:
        left = self.expression(node.left)
        right = self.expression(node.right)

        def conjunction(env: Env) -> Any:
            a = _boolean(env, left(env))
            if a is False:
                return False
            b = _boolean(env, right(env))
            if b is False:
                return False
            return True if a is True and b is True else None

        return conjunction

    def _Disjunction(self, node: ast.Disjunction) -> Evaluator:
        left = self.expression(node.left)
        right = self.expression(node.right)

        def disjunction(env: Env) -> Any:
            a = _boolean(env, left(env))
            if a is True:
                return True
            b = _boolean(env, right(env))
            if b is True:
                return True
            return False if a is False and b is False else None

        return disjunction

    def _If(self, node: ast.If) -> Evaluator:
        condition = self.expression(node.condition)
        then = self.expression(node.then)
        otherwise = self.expression(node.otherwise)

        def if_then_else(env: Env) -> Any:
            if _boolean(env, condition(env)) is True:
                return then(env)
            return otherwise(env)

        return if_then_else

    def _In(self, node: ast.In) -> Evaluator:
        value = self.expression(node.value)
        tests = [self.positive_test(test) for test in node.tests]

        def in_tests(env: Env) -> Any:
            x = value(env)
            return _any_test(tests, env, x)

        return in_tests

    def _InstanceOf(self, node: ast.InstanceOf) -> Evaluator:
        value = self.expression(node.value)
        is_instance = _type_predicate(node.type)

        def instance_of(env: Env) -> Any:
            return is_instance(value(env))

        return instance_of

    def _iteration(self, iterators: tuple[ast.Iterator, ...]) -> Callable[[Env], Iterator[Env]]:
        """Yields one Env per combination of the iterators' items (later sources may use earlier names)."""
        compiled = [
            (it.name, self.expression(it.source), None if it.end is None else self.expression(it.end))
            for it in iterators
        ]

        def combinations(env: Env, index: int = 0) -> Iterator[Env]:
            name, source, end = compiled[index]
            for item in _iteration_items(env, source, end):
                child = env.child({name: item})
                if index + 1 == len(compiled):
                    yield child
                else:
                    yield from combinations(child, index + 1)

        return combinations

    def _For(self, node: ast.For) -> Evaluator:
        combinations = self._iteration(node.iterators)
        body = self.expression(node.body)
        uses_partial = _mentions(node.body, "partial")

        def for_loop(env: Env) -> Any:
            results: list[Any] = []
            try:
                for scope in combinations(env):
                    if uses_partial:
                        results.append(body(scope.child({"partial": list(results)})))
                    else:
                        results.append(body(scope))
            except _NotAList:
                return None
            return results

        return for_loop

    def _Quantified(self, node: ast.Quantified) -> Evaluator:
        combinations = self._iteration(node.iterators)
        condition = self.expression(node.condition)
        decisive = not node.every  # `some` stops at the first true, `every` at the first false

        def quantified(env: Env) -> Any:
            result: bool | None = not decisive
            try:
                for child in combinations(env):
                    outcome = _boolean(env, condition(child))
                    if outcome is decisive:
                        return decisive
                    if outcome is None:
                        result = None
            except _NotAList:
                return None
            return result

        return quantified

    def _Filter(self, node: ast.Filter) -> Evaluator:
        base = self.expression(node.base)
        if isinstance(node.condition, ast.Literal) and type(node.condition.value) is Decimal:
            index = node.condition.value

            def filter_by_index(env: Env) -> Any:
                items = base(env)
                if not isinstance(items, list):
                    return _not_a_list(env, items)
                return _item_at(items, index)

            return filter_by_index
        condition = self.expression(node.condition)

        def filter_list(env: Env) -> Any:
            items = base(env)
            if not isinstance(items, list):
                return _not_a_list(env, items)
            if not items:
                return []
            # The first item decides whether the filter is an index (a number) or a condition.
            first = condition(_item_env(env, items[0]))
            if type(first) is Decimal:
                return _item_at(items, first)
            kept = [items[0]] if first is True else []
            for item in items[1:]:
                if condition(_item_env(env, item)) is True:
                    kept.append(item)
            return kept

        return filter_list

    def _Path(self, node: ast.Path) -> Evaluator:
        base = self.expression(node.base)
        key = node.key

        def path(env: Env) -> Any:
            value = base(env)
            if type(value) is dict:
                found = value.get(key, MISSING)
                if found is not MISSING:
                    return found
            return _select(env, value, key)

        return path

    def _Call(self, node: ast.Call) -> Evaluator:
        positional = None if node.positional is None else [self.expression(a) for a in node.positional]
        named = None if node.named is None else [(n, self.expression(a)) for n, a in node.named]
        callee = node.callee
        if isinstance(callee, ast.Name):
            return self._call_by_name(callee.name, positional, named)
        function = self.expression(callee)

        def call_value(env: Env) -> Any:
            value = function(env)
            if not is_function(value):
                env.warn(f"Expected a function but found {operators.quote(value)}")
                return None
            return _invoke(env, value, "function", positional, named)

        return call_value

    def _call_by_name(
        self,
        name: str,
        positional: list[Evaluator] | None,
        named: list[tuple[str, Evaluator]] | None,
    ) -> Evaluator:
        is_builtin = name in self.builtins

        def call(env: Env) -> Any:
            value = env.lookup(name)
            if value is not MISSING and is_function(value):
                return _invoke(env, value, name, positional, named)
            if is_builtin:
                if positional is not None:
                    return library.invoke_builtin(name, [a(env) for a in positional], None, env.warn)
                assert named is not None
                return library.invoke_builtin(name, None, {n: a(env) for n, a in named}, env.warn)
            count = len(positional) if positional is not None else len(named or ())
            env.warn(f"No function found with name '{name}' and {count} parameters")
            return None

        return call

    def _FunctionDefinition(self, node: ast.FunctionDefinition) -> Evaluator:
        parameters = node.parameters
        body = self.expression(node.body)

        def function_definition(env: Env) -> Any:
            return Lambda(parameters, body, env)

        return function_definition

    def _ListLiteral(self, node: ast.ListLiteral) -> Evaluator:
        items = [self.expression(item) for item in node.items]

        def list_literal(env: Env) -> Any:
            return [item(env) for item in items]

        return list_literal

    def _ContextLiteral(self, node: ast.ContextLiteral) -> Evaluator:
        entries = [(key, self.expression(value)) for key, value in node.entries]

        def context_literal(env: Env) -> Any:
            context: dict[str, Any] = {}
            scope = env.child(context)  # later entries see the earlier ones
            for key, value in entries:
                context[key] = value(scope)
            return context

        return context_literal

    def _RangeLiteral(self, node: ast.RangeLiteral) -> Evaluator:
        start = None if node.start is None else self.expression(node.start)
        end = None if node.end is None else self.expression(node.end)
        start_included, end_included = node.start_included, node.end_included

        def range_literal(env: Env) -> Any:
            low = None if start is None else start(env)
            high = None if end is None else end(env)
            if start is not None and end is not None and operators.compare(low, high) is None:
                env.warn(f"Invalid range definition: {operators.quote(low)}..{operators.quote(high)}")
                return None
            return FeelRange(low, high, start_included, end_included)

        return range_literal

    def _UnaryComparison(self, node: ast.UnaryComparison) -> Evaluator:
        operand = self.expression(node.operand)
        operator = node.operator

        def comparison_range(env: Env) -> Any:
            bound = operand(env)
            if operator in ("=", "!="):
                # DMN 1.5: `=x` is the range [x..x]; `!=x` has no range form, so (x..x) stands in
                included = operator == "="
                return FeelRange(bound, bound, included, included)
            if operator in ("<", "<="):
                return FeelRange(None, bound, False, operator == "<=")
            return FeelRange(bound, None, operator == ">=", False)

        return comparison_range

    # ------------------------------------------------------------------ unary tests

    def unary_tests(self, node: ast.Node) -> Test:
        if isinstance(node, ast.AnyInput):
            return lambda env, x: True
        if isinstance(node, ast.NegatedTests):
            return _negated([self.positive_test(test) for test in node.tests])
        assert isinstance(node, ast.UnaryTests)
        tests = [self.positive_test(test) for test in node.tests]
        if len(tests) == 1:
            return tests[0]
        return lambda env, x: _any_test(tests, env, x)

    def positive_test(self, node: ast.Node) -> Test:
        if isinstance(node, ast.UnaryComparison):
            return self._comparison_test(node)
        if isinstance(node, ast.RangeLiteral):
            return self._range_test(node)
        if isinstance(node, ast.Literal) and isinstance(node.value, bool):
            return self._equality_test(node)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.callee, ast.Name)
            and node.callee.name == "not"
            and node.positional
        ):
            return _negated([self.positive_test(test) for test in node.positional])
        return self._expression_test(node)

    def _comparison_test(self, node: ast.UnaryComparison) -> Test:
        operand = self.expression(node.operand)
        if node.operator in ("=", "!="):
            negated = node.operator == "!="

            def equality_test(env: Env, x: Any) -> bool | None:
                expected = operand(env)
                result = operators.equals(x, expected)
                if result is None:
                    env.warn(f"Can't compare {operators.quote(x)} with {operators.quote(expected)}")
                    return None
                return result is not negated

            return equality_test
        ordered = _order_test(node.operator)

        def comparison_test(env: Env, x: Any) -> bool | None:
            result: bool | None = _ordered(env, x, operand(env), ordered)
            return result

        return comparison_test

    def _range_test(self, node: ast.RangeLiteral) -> Test:
        assert node.start is not None and node.end is not None
        start = self.expression(node.start)
        end = self.expression(node.end)
        start_included, end_included = node.start_included, node.end_included

        def range_test(env: Env, x: Any) -> bool | None:
            bounds = FeelRange(start(env), end(env), start_included, end_included)
            open_end = bounds.start is None or bounds.end is None
            result = None if open_end else operators.in_range(x, bounds)
            if result is None:
                env.warn(f"Can't compare {operators.quote(x)} with {operators.quote(bounds)}")
            return result

        return range_test

    def _equality_test(self, node: ast.Literal) -> Test:
        expected = node.value

        def equality_test(env: Env, x: Any) -> bool | None:
            result = operators.equals(x, expected)
            if result is None:
                env.warn(f"Can't compare {operators.quote(x)} with {operators.quote(expected)}")
            return result

        return equality_test

    def _expression_test(self, node: ast.Node) -> Test:
        expression = self.expression(node)
        if _mentions_input(node):
            # `? > 10`, `starts with(?, "A")`: the expression is the test
            def input_test(env: Env, x: Any) -> bool | None:
                scope = env if env.input is x else env.with_input(x)
                result = expression(scope)
                return result if isinstance(result, bool) else None

            return input_test

        def value_test(env: Env, x: Any) -> bool | None:
            # feel-scala: true passes, a list passes when it contains the input, a range when it
            # includes it; otherwise the value is compared with the input.
            value = expression(env)
            if value is True:
                return True
            if isinstance(value, list):
                if any(_matches(x, item) for item in value):
                    return True
                return operators.equals(x, value) is True
            if isinstance(value, FeelRange):
                return operators.in_range(x, value)
            equal = operators.equals(x, value)
            if equal is True:
                return True
            if value is False:
                return False
            if equal is None:
                env.warn(f"Can't compare {operators.quote(x)} with {operators.quote(value)}")
            return equal

        return value_test


# ---------------------------------------------------------------------- runtime helpers


def _ordered(env: Env, a: Any, b: Any, ordered: Callable[[int], bool]) -> bool | None:
    order = operators.compare(a, b)
    if order is None:
        env.warn(f"Can't compare {operators.quote(a)} with {operators.quote(b)}")
        return None
    return ordered(order)


def _boolean(env: Env, value: Any) -> bool | None:
    if value is True or value is False:
        return bool(value)
    if value is not None:
        env.warn(f"Expected boolean but found {operators.quote(value)}")
    return None


def _any_test(tests: Sequence[Test], env: Env, x: Any) -> bool | None:
    result: bool | None = False
    for test in tests:
        outcome = test(env, x)
        if outcome is True:
            return True
        if outcome is None:
            result = None
    return result


def _negated(tests: list[Test]) -> Test:
    def negated(env: Env, x: Any) -> bool | None:
        result = _any_test(tests, env, x)
        return None if result is None else not result

    return negated


def _matches(x: Any, item: Any) -> bool:
    """Whether ``x`` matches one item of a list test: equal to it, or inside it when it is a range."""
    if isinstance(item, FeelRange):
        return operators.in_range(x, item) is True
    return operators.equals(item, x) is True


def _not_a_list(env: Env, value: Any) -> None:
    env.warn(f"Expected list but found {operators.quote(value)}")


def _item_at(items: list[Any], index: Decimal) -> Any:
    if index != index.to_integral_value():
        return None
    position = int(index)
    if position > 0 and position <= len(items):
        return items[position - 1]
    if position < 0 and -position <= len(items):
        return items[position]
    return None


def _item_env(env: Env, item: Any) -> Env:
    if type(item) is dict:
        variables = {"item": item}
        variables.update(item)
        return env.child(variables)
    return env.child({"item": item})


def _select(env: Env, value: Any, key: str) -> Any:
    """``value.key`` for everything but a context that has the key (the compiled fast path)."""
    if type(value) is dict:
        keys = ", ".join(f"'{k}'" for k in value)
        detail = f"Available keys: {keys}" if keys else "The context is empty"
        env.warn(f"No context entry found with key '{key}'. {detail}")
        return None
    if isinstance(value, list):
        return [
            item.get(key) if type(item) is dict and key in item else _select(env, item, key) for item in value
        ]
    if value is None:
        env.warn(f"No context entry found with key '{key}'. The context is null")
        return None
    return temporal.get_property(value, key, env.warn)


def _iteration_items(env: Env, source: Evaluator, end: Evaluator | None) -> list[Any]:
    start = source(env)
    if end is not None:
        stop = end(env)
        if _is_date(start) and _is_date(stop):
            return _days_between(start, stop)
        if type(start) is not Decimal or type(stop) is not Decimal:
            env.warn(
                f"Expected numbers for the iteration range but found {operators.quote(start)}"
                f"..{operators.quote(stop)}"
            )
            raise _NotAList
        return _numbers_between(start, stop)
    if isinstance(start, list):
        return start
    if isinstance(start, FeelRange) and type(start.start) is Decimal and type(start.end) is Decimal:
        low = start.start if start.start_included else start.start + 1
        high = start.end if start.end_included else start.end - 1
        if low <= high:
            return _numbers_between(low, high)
    if isinstance(start, FeelRange):
        env.warn(f"Can't iterate over the range {operators.quote(start)}: expected ascending integer bounds")
        raise _NotAList
    env.warn(f"Expected list but found {operators.quote(start)}")
    raise _NotAList


def _is_date(value: Any) -> bool:
    return isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)


def _days_between(start: _dt.date, stop: _dt.date) -> list[Any]:
    step = _dt.timedelta(days=1 if start <= stop else -1)
    return [start + step * i for i in range(abs((stop - start).days) + 1)]


def _numbers_between(start: Decimal, stop: Decimal) -> list[Any]:
    step = 1 if start <= stop else -1
    count = int(abs(stop - start)) + 1
    return [start + step * i for i in range(count)]


def _invoke(
    env: Env,
    function: Any,
    name: str,
    positional: list[Evaluator] | None,
    named: list[tuple[str, Evaluator]] | None,
) -> Any:
    params: Sequence[str] = function.params
    if positional is not None:
        if len(positional) > len(params) or (isinstance(function, Lambda) and len(positional) != len(params)):
            env.warn(f"No function found with name '{name}' and {len(positional)} parameters")
            return None
        args = [argument(env) for argument in positional]
    else:
        assert named is not None
        unknown = [n for n, _ in named if n not in params]
        if unknown:
            env.warn(f"No function found with name '{name}' and parameters: {', '.join(n for n, _ in named)}")
            return None
        values = {n: argument(env) for n, argument in named}
        args = [values.get(p) for p in params]
    return function.invoke(args, env.warn)


def _mentions(node: Any, name: str) -> bool:
    """Whether the subtree refers to ``name`` (to build ``partial`` only for loops that read it)."""
    if isinstance(node, ast.Name):
        return node.name == name
    return any(_mentions(child, name) for child in _children(node))


def _mentions_input(node: Any) -> bool:
    if isinstance(node, ast.InputValue):
        return True
    return any(_mentions_input(child) for child in _children(node))


def _children(node: Any) -> Iterator[Any]:
    if isinstance(node, ast.Node | ast.Iterator):
        for field in node.__dataclass_fields__:
            value = getattr(node, field)
            if isinstance(value, ast.Node | ast.Iterator):
                yield value
            elif isinstance(value, tuple):
                for item in value:
                    if isinstance(item, ast.Node | ast.Iterator):
                        yield item
                    elif isinstance(item, tuple):
                        yield from (part for part in item if isinstance(part, ast.Node))


# ---------------------------------------------------------------------- instance of

_SIMPLE_TYPES: dict[str, Callable[[Any], bool]] = {
    "number": lambda v: type(v) is Decimal,
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "date": lambda v: isinstance(v, _dt.date) and not isinstance(v, _dt.datetime),
    "time": lambda v: isinstance(v, _dt.time),
    "date and time": lambda v: isinstance(v, _dt.datetime),
    "date time": lambda v: isinstance(v, _dt.datetime),
    "dateTime": lambda v: isinstance(v, _dt.datetime),
    "days and time duration": lambda v: isinstance(v, DaysTimeDuration),
    "day-time-duration": lambda v: isinstance(v, DaysTimeDuration),
    "dayTimeDuration": lambda v: isinstance(v, DaysTimeDuration),
    "years and months duration": lambda v: isinstance(v, YearsMonthsDuration),
    "year-month-duration": lambda v: isinstance(v, YearsMonthsDuration),
    "yearMonthDuration": lambda v: isinstance(v, YearsMonthsDuration),
    "list": lambda v: isinstance(v, list),
    "context": lambda v: isinstance(v, dict),
    "range": lambda v: isinstance(v, FeelRange),
    "function": is_function,
    "Any": lambda v: v is not None,
    "Null": lambda v: v is None,
    "null": lambda v: v is None,
}


def _type_predicate(spec: ast.TypeSpec) -> Callable[[Any], bool]:
    if spec.name == "list" and spec.parameters:
        element = _type_predicate(spec.parameters[0])
        return lambda v: isinstance(v, list) and all(element(item) for item in v)
    if spec.name == "range" and spec.parameters:
        bound = _type_predicate(spec.parameters[0])
        return lambda v: isinstance(v, FeelRange) and all(b is None or bound(b) for b in (v.start, v.end))
    if spec.name == "context" and spec.fields:
        fields = [(key, _type_predicate(field)) for key, field in spec.fields]
        return lambda v: (
            isinstance(v, dict) and all(key in v and (v[key] is None or test(v[key])) for key, test in fields)
        )
    return _SIMPLE_TYPES.get(spec.name, lambda v: False)
