"""Compiles a FEEL syntax tree into nested Python closures, once; evaluation then only calls them.

Every closure takes the :class:`Env` and returns a FEEL value. Runtime problems never raise: they
warn through the Env and yield null, as feel-scala does.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from engine.feel import ast, budget, library, operators, temporal
from engine.feel.iteration import NotAList, iteration_items
from engine.feel.runtime import MISSING, Env, Evaluator, ItemScope, Lambda, is_function
from engine.feel.type_checks import TypeCheck, type_label, type_predicate
from engine.feel.unary_tests import DECIMAL_ORDER, UnaryTestCompiler, any_test, compare_with, order_test
from engine.feel.values import DECIMAL_CONTEXT, FeelRange


class Compiler:
    """Turns syntax trees into closures.

    ``types`` adds named types (DMN item definitions) to ``instance of`` and typed parameters.
    """

    def __init__(self, builtin_names: frozenset[str], types: Mapping[str, TypeCheck] | None = None) -> None:
        self.builtins = builtin_names
        self.types: Mapping[str, TypeCheck] = types or {}
        self.tests = UnaryTestCompiler(self.expression)

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
        head, dot, rest = name.partition(".")
        # a declared name such as `Person.Gender` is a path where no variable has that whole name
        as_path = self._Path(ast.Path(node.position, ast.Name(node.position, head), rest)) if dot else None

        def variable(env: Env) -> Any:
            value = env.vars.get(name, MISSING)
            if value is MISSING:
                value = env.lookup(name)
                if value is MISSING:
                    if is_builtin:
                        return library.get_builtin(name)
                    if as_path is not None and env.lookup(head) is not MISSING:
                        return as_path(env)
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
        if node.spelled_as_name is not None:
            name = node.spelled_as_name
            plain = self._Arithmetic(ast.Arithmetic(node.position, node.operator, node.left, node.right))

            def name_or_arithmetic(env: Env) -> Any:
                value = env.lookup(name)
                return plain(env) if value is MISSING else value

            return name_or_arithmetic
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
                    try:
                        return DECIMAL_CONTEXT.add(a, b)
                    except decimal.DecimalException:
                        pass  # out of range: the general path warns
                result = operator(a, b, env.warn)
                if type(result) is str:
                    budget.check_size(result)
                return result

            return plus

        def arithmetic(env: Env) -> Any:
            return operator(left(env), right(env), env.warn)

        return arithmetic

    def _Comparison(self, node: ast.Comparison) -> Evaluator:
        left = self.expression(node.left)
        if node.operator in ("=", "!="):
            return self._equality(left, self.expression(node.right), node.operator == "!=")
        ordered = order_test(node.operator)
        if isinstance(node.right, ast.Literal) and type(node.right.value) is Decimal:
            # the common decision-table shape `amount >= 5000000`: no closure call for the constant
            constant = node.right.value
            fast = DECIMAL_ORDER[node.operator]

            def compare_constant(env: Env) -> Any:
                a = left(env)
                if type(a) is Decimal:
                    return fast(a, constant)
                return compare_with(env, a, constant, ordered)

            return compare_constant
        right = self.expression(node.right)

        def compare(env: Env) -> Any:
            return compare_with(env, left(env), right(env), ordered)

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
        at_least = order_test(">=")
        at_most = order_test("<=")

        def between(env: Env) -> Any:
            x = value(env)
            lower = compare_with(env, x, low(env), at_least)
            if lower is False:
                return False
            upper = compare_with(env, x, high(env), at_most)
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
        tests = [self.tests.positive_test(test) for test in node.tests]

        def in_tests(env: Env) -> Any:
            x = value(env)
            return any_test(tests, env, x)

        return in_tests

    def _InstanceOf(self, node: ast.InstanceOf) -> Evaluator:
        value = self.expression(node.value)
        is_instance = type_predicate(node.type, self.types)

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
            for item in iteration_items(env, source, end):
                child = env.child({name: item})
                if index + 1 == len(compiled):
                    yield child
                else:
                    yield from combinations(child, index + 1)

        return combinations

    def _For(self, node: ast.For) -> Evaluator:
        combinations = self._iteration(node.iterators)
        body = self.expression(node.body)
        uses_partial = ast.mentions_name(node.body, "partial")

        def for_loop(env: Env) -> Any:
            results: list[Any] = []
            try:
                for scope in combinations(env):
                    if uses_partial:
                        budget.charge(len(results))  # the copy handed to `partial`
                        results.append(body(scope.child({"partial": list(results)})))
                    else:
                        results.append(body(scope))
            except NotAList:
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
            except NotAList:
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
            budget.charge(len(items))
            # one scope serves every item: a condition yields a boolean or a number, so nothing it
            # builds (not even a function) can outlive its item
            scope = ItemScope(items[0])
            item_env = env.child(scope)
            # The first item decides whether the filter is an index (a number) or a condition.
            first = condition(item_env)
            if type(first) is Decimal:
                return _item_at(items, first)
            kept = [items[0]] if first is True else []
            for item in items[1:]:
                scope.item = item
                if condition(item_env) is True:
                    kept.append(item)
            return kept

        return filter_list

    def _Path(self, node: ast.Path) -> Evaluator:
        keys = [node.key]
        root = node.base
        while isinstance(root, ast.Path):
            keys.append(root.key)
            root = root.base
        keys.reverse()
        if not isinstance(root, ast.Name) or "." in root.name:
            base = self.expression(root)

            def path(env: Env) -> Any:
                return _walk(env, base(env), keys)

            return path
        name = root.name
        is_builtin = name in self.builtins

        def variable_path(env: Env) -> Any:
            value = env.vars.get(name, MISSING)
            if value is MISSING:
                value = env.lookup(name)
                if value is MISSING:
                    if not is_builtin:
                        # `a.b.c` without a variable `a` is one problem, as in feel-scala: warn once
                        env.warn(f"No variable found with name '{name}'")
                        return None
                    value = library.get_builtin(name)
            return _walk(env, value, keys)

        return variable_path

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
                    args = [a(env) for a in positional]
                    _charge_arguments(args)
                    return budget.check_size(library.invoke_builtin(name, args, None, env.warn))
                assert named is not None
                values = {n: a(env) for n, a in named}
                _charge_arguments(values.values())
                return budget.check_size(library.invoke_builtin(name, None, values, env.warn))
            count = len(positional) if positional is not None else len(named or ())
            env.warn(f"No function found with name '{name}' and {count} parameters")
            return None

        return call

    def _FunctionDefinition(self, node: ast.FunctionDefinition) -> Evaluator:
        parameters = node.parameters
        body = self.expression(node.body)
        checks = tuple(
            None if spec is None else (type_label(spec), type_predicate(spec, self.types))
            for spec in node.parameter_types
        )

        def function_definition(env: Env) -> Any:
            return Lambda(parameters, body, env, checks)

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


# ---------------------------------------------------------------------- runtime helpers


def _boolean(env: Env, value: Any) -> bool | None:
    if value is True or value is False:
        return bool(value)
    if value is not None:
        env.warn(f"Expected boolean but found {operators.quote(value)}")
    return None


def _not_a_list(env: Env, value: Any) -> None:
    env.warn(f"Expected list but found {operators.quote(value)}")


def _item_at(items: list[Any], index: Decimal) -> Any:
    # bounds first: int() of a number like 1e999999999 would build a billion-digit integer
    if index.copy_abs() > len(items) or index != index.to_integral_value():
        return None
    position = int(index)
    if position > 0 and position <= len(items):
        return items[position - 1]
    if position < 0 and -position <= len(items):
        return items[position]
    return None


def _walk(env: Env, value: Any, keys: list[str]) -> Any:
    for key in keys:
        if type(value) is dict:
            found = value.get(key, MISSING)
            if found is not MISSING:
                value = found
                continue
        value = _select(env, value, key)
    return value


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


def _invoke(
    env: Env,
    function: Any,
    name: str,
    positional: list[Evaluator] | None,
    named: list[tuple[str, Evaluator]] | None,
) -> Any:
    params: Sequence[str] = function.params
    if positional is not None:
        if len(positional) != len(params):
            env.warn(f"No function found with name '{name}' and {len(positional)} parameters")
            return None
        args = [argument(env) for argument in positional]
    else:
        assert named is not None
        unknown = [n for n, _ in named if n not in params]
        if unknown:
            env.warn(f"No function found with name '{name}' and parameters: {','.join(n for n, _ in named)}")
            return None
        values = {n: argument(env) for n, argument in named}
        args = [values.get(p) for p in params]
    _charge_arguments(args)
    if isinstance(function, Lambda):
        return budget.check_size(function.invoke(args, env.warn))
    try:
        return budget.check_size(function.invoke(args, env.warn))
    except budget.BudgetExceeded:
        raise
    except Exception as exc:  # a function from outside FEEL must not break the evaluation
        env.warn(f"Failed to invoke function '{name}': {exc}")
        return None


def _charge_arguments(args: Iterable[Any]) -> None:
    """A call costs a step, and a step per item of each list it is given (a function walks them)."""
    steps = 1
    for arg in args:
        if type(arg) is list:
            steps += len(arg)
    budget.charge(steps)
