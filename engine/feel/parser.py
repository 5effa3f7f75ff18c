"""Recursive-descent parser for FEEL expressions and unary tests (DMN 1.5 grammar, feel-scala dialect).

Precedence, loosest first (as feel-scala): if/for/some/every, or, and, one comparison (= != < <= > >=,
between, in, instance of), + -, * /, **, unary minus, then postfix path/filter/invocation.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

from engine.feel import ast
from engine.feel.errors import FeelSyntaxError
from engine.feel.lexer import Token, tokenize
from engine.feel.names import STOP_WORDS, NameIndex, normalise_space

_LOOKAHEAD = 8
_COMPARISON_OPERATORS = frozenset({"=", "!=", "<", "<=", ">", ">="})
_UNARY_COMPARISON_OPERATORS = frozenset({"<", "<=", ">", ">=", "=", "!="})
_LITERAL_WORDS = {"true": True, "false": False, "null": None}
# Tokens that cannot start an expression: a "[" followed by one of them closes a range such as ]1..10[
_CLOSERS = frozenset({",", ")", "]", "}", ":", "..", "."})
_MULTI_WORD_TYPES = (
    ("years", "and", "months", "duration"),
    ("days", "and", "time", "duration"),
    ("date", "and", "time"),
)


def parse_expression(source: str, names: NameIndex) -> ast.Node:
    parser = _Parser(source, names)
    try:
        node = parser.expression()
    except RecursionError:
        raise FeelSyntaxError("the expression is nested too deeply", source, parser.peek().start) from None
    parser.expect_end()
    return node


def parse_unary_tests(source: str, names: NameIndex) -> ast.Node:
    parser = _Parser(source, names)
    try:
        node = parser.unary_tests()
    except RecursionError:
        raise FeelSyntaxError("the unary tests are nested too deeply", source, parser.peek().start) from None
    parser.expect_end()
    return node


class _Parser:
    def __init__(self, source: str, names: NameIndex) -> None:
        self.source = source
        self.names = names
        tokens = tokenize(source)
        # spare end tokens let peek() look a few tokens ahead without a bounds check
        self.tokens = tokens + [tokens[-1]] * _LOOKAHEAD
        self.index = 0
        self.range_end = False

    # ---------------------------------------------------------------- token helpers

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[self.index + ahead]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "eof":
            self.index += 1
        return token

    def at(self, text: str, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        return token.kind in ("op", "name") and token.text == text

    def at_word(self, word: str, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        return token.kind == "name" and token.text == word

    def accept(self, text: str) -> bool:
        if self.at(text):
            self.advance()
            return True
        return False

    def expect(self, text: str) -> Token:
        if not self.at(text):
            raise self.error(f"expected '{text}'")
        return self.advance()

    def error(self, message: str, token: Token | None = None) -> FeelSyntaxError:
        token = token or self.peek()
        found = "the end of the expression" if token.kind == "eof" else repr(token.text)
        return FeelSyntaxError(f"{message}, found {found}", self.source, token.start)

    def expect_end(self) -> None:
        if self.peek().kind != "eof":
            raise self.error("unexpected text after the expression")

    # ---------------------------------------------------------------- expressions

    def expression(self) -> ast.Node:
        token = self.peek()
        if token.kind == "name":
            if token.text == "if":
                return self.if_expression()
            if token.text == "for" and self.peek(1).kind in ("name", "bname"):
                return self.for_expression()
            if token.text in ("some", "every") and self.peek(1).kind in ("name", "bname"):
                return self.quantified()
        return self.disjunction()

    def if_expression(self) -> ast.Node:
        start = self.advance().start
        condition = self.expression()
        self.expect("then")
        then = self.expression()
        self.expect("else")
        return ast.If(start, condition, then, self.expression())

    def iterators(self) -> tuple[ast.Iterator, ...]:
        iterators = [self.iterator()]
        while self.accept(","):
            iterators.append(self.iterator())
        return tuple(iterators)

    def iterator(self) -> ast.Iterator:
        name = self.name_words(stop_at=("in",))
        self.expect("in")
        source = self.additive()
        if self.accept(".."):
            return ast.Iterator(name, source, self.additive())
        return ast.Iterator(name, source)

    def for_expression(self) -> ast.Node:
        start = self.advance().start
        iterators = self.iterators()
        self.expect("return")
        return ast.For(start, iterators, self.expression())

    def quantified(self) -> ast.Node:
        token = self.advance()
        iterators = self.iterators()
        self.expect("satisfies")
        return ast.Quantified(token.start, token.text == "every", iterators, self.expression())

    def disjunction(self) -> ast.Node:
        node = self.conjunction()
        while self.at_word("or"):
            self.advance()
            node = ast.Disjunction(node.position, node, self.conjunction())
        return node

    def conjunction(self) -> ast.Node:
        node = self.comparison()
        while self.at_word("and"):
            self.advance()
            node = ast.Conjunction(node.position, node, self.comparison())
        return node

    def comparison(self) -> ast.Node:
        token = self.peek()
        if token.kind == "op" and token.text in _UNARY_COMPARISON_OPERATORS:
            self.advance()
            return ast.UnaryComparison(token.start, token.text, self.additive())
        left = self.additive()
        token = self.peek()
        if token.kind == "op" and token.text in _COMPARISON_OPERATORS:
            self.advance()
            return ast.Comparison(left.position, token.text, left, self.additive())
        if token.kind == "name":
            if token.text == "between":
                self.advance()
                low = self.additive()
                self.expect("and")
                return ast.Between(left.position, left, low, self.additive())
            if token.text == "instance" and self.at_word("of", 1):
                self.advance()
                self.advance()
                return ast.InstanceOf(left.position, left, self.type_spec())
            if token.text == "in":
                self.advance()
                return ast.In(left.position, left, self.in_tests())
        return left

    def in_tests(self) -> tuple[ast.Node, ...]:
        if not self.at("("):
            return (self.comparison(),)
        start = self.advance().start
        tests = [self.positive_test_in_group(start)]
        while self.accept(","):
            tests.append(self.comparison())
        if len(tests) == 1 and isinstance(tests[0], ast.RangeLiteral) and tests[0].position == start:
            return (tests[0],)  # the range consumed its own closing bracket
        self.expect(")")
        return tuple(tests)

    def positive_test_in_group(self, group_start: int) -> ast.Node:
        """The first test after ``x in (``, which may turn out to be the start of a range ``(1..5)``."""
        first = self.comparison()
        if self.at(".."):
            self.advance()
            return self.range_rest(group_start, first, start_included=False)
        return first

    def additive(self) -> ast.Node:
        node = self.multiplicative()
        while True:
            token = self.peek()
            if token.kind == "op" and token.text in ("+", "-"):
                self.advance()
                node = self.arithmetic(token.text, node, self.multiplicative())
            else:
                return node

    def multiplicative(self) -> ast.Node:
        node = self.exponentiation()
        while True:
            token = self.peek()
            if token.kind == "op" and token.text in ("*", "/"):
                self.advance()
                node = self.arithmetic(token.text, node, self.exponentiation())
            else:
                return node

    def exponentiation(self) -> ast.Node:
        node = self.unary()
        while self.at("**"):
            self.advance()
            node = self.arithmetic("**", node, self.unary())
        return node

    def arithmetic(self, operator: str, left: ast.Node, right: ast.Node) -> ast.Arithmetic:
        """An operation; remembers when it is spelled like a name with operator characters."""
        first = self.index - 1
        while first > 0 and self.tokens[first].start > left.position:
            first -= 1
        span = self.tokens[first : self.index]
        spelled = None
        if all(t.kind == "name" or (t.kind == "op" and t.text in ("+", "-", "*", "/")) for t in span) and all(
            a.end == b.start for a, b in itertools.pairwise(span)
        ):
            spelled = self.source[span[0].start : span[-1].end]
        return ast.Arithmetic(left.position, operator, left, right, spelled)

    def unary(self) -> ast.Node:
        if self.at("-"):
            start = self.advance().start
            token = self.peek()
            if token.kind == "num" and not self._postfix_follows(1):
                self.advance()
                return ast.Literal(start, Decimal(token.text).copy_negate())
            return ast.Negation(start, self.unary())
        return self.postfix()

    def _postfix_follows(self, ahead: int) -> bool:
        token = self.peek(ahead)
        return token.kind == "op" and token.text in (".", "[", "(")

    # ---------------------------------------------------------------- postfix and primaries

    def postfix(self) -> ast.Node:
        node = self.primary()
        while True:
            token = self.peek()
            if token.kind != "op":
                return node
            if token.text == ".":
                self.advance()
                node = ast.Path(node.position, node, self.path_key())
            elif token.text == "[":
                if self.range_end and self._closes_range():
                    return node
                self.advance()
                saved, self.range_end = self.range_end, False
                condition = self.expression()
                self.range_end = saved
                self.expect("]")
                node = ast.Filter(node.position, node, condition)
            elif token.text == "(":
                node = self.call(node)
            else:
                return node

    def _closes_range(self) -> bool:
        after = self.peek(1)
        return (
            after.kind == "eof"
            or after.text in _CLOSERS
            or (after.kind == "name" and after.text in STOP_WORDS)
        )

    def path_key(self) -> str:
        token = self.peek()
        if token.kind == "bname":
            self.advance()
            return token.value
        if token.kind != "name":
            raise self.error("expected a name after '.'")
        return self.name_words()

    def call(self, callee: ast.Node) -> ast.Node:
        self.expect("(")
        saved, self.range_end = self.range_end, False
        try:
            if self.accept(")"):
                return ast.Call(callee.position, callee, (), None)
            if self._named_argument_follows():
                named: list[tuple[str, ast.Node]] = []
                while True:
                    name = self.parameter_name()
                    self.expect(":")
                    named.append((name, self.expression()))
                    if not self.accept(","):
                        break
                self.expect(")")
                return ast.Call(callee.position, callee, None, tuple(named))
            positional = [self.expression()]
            while self.accept(","):
                positional.append(self.expression())
            self.expect(")")
            return ast.Call(callee.position, callee, tuple(positional), None)
        finally:
            self.range_end = saved

    def _named_argument_follows(self) -> bool:
        ahead = 0
        while self.peek(ahead).kind in ("name", "bname"):
            ahead += 1
        return ahead > 0 and self.at(":", ahead)

    def parameter_name(self) -> str:
        token = self.peek()
        if token.kind == "bname":
            self.advance()
            return token.value
        words = []
        while self.peek().kind == "name":
            words.append(self.advance().text)
        if not words:
            raise self.error("expected a parameter name")
        return " ".join(words)

    def primary(self) -> ast.Node:
        token = self.peek()
        kind = token.kind
        if kind == "num":
            self.advance()
            return ast.Literal(token.start, Decimal(token.text))
        if kind == "str":
            self.advance()
            return ast.Literal(token.start, token.value)
        if kind == "temporal":
            self.advance()
            return ast.TemporalLiteral(token.start, token.value)
        if kind == "bname":
            self.advance()
            return ast.Name(token.start, token.value)
        if kind == "name":
            return self.word_primary(token)
        if kind == "op":
            text = token.text
            if text == "?":
                self.advance()
                return ast.InputValue(token.start)
            if text == "(":
                return self.parenthesized()
            if text == "[":
                return self.list_or_range()
            if text == "]":
                self.advance()
                start = self.expression()
                self.expect("..")
                return self.range_rest(token.start, start, start_included=False)
            if text == "{":
                return self.context()
        raise self.error("expected an expression")

    def word_primary(self, token: Token) -> ast.Node:
        text = token.text
        if text in _LITERAL_WORDS and self.names.match(self.source, self.tokens, self.index) == 0:
            self.advance()
            return ast.Literal(token.start, _LITERAL_WORDS[text])
        if text == "function" and self.at("(", 1):
            return self.function_definition()
        if text == "if" or (text in ("for", "some", "every") and self.peek(1).kind in ("name", "bname")):
            return self.expression()
        return ast.Name(token.start, self.name_words())

    def name_words(self, stop_at: tuple[str, ...] = ()) -> str:
        """A name starting at the current token: a known name, or words joined by single spaces."""
        known = self.names.match(self.source, self.tokens, self.index)
        if known:
            first = self.tokens[self.index]
            last = self.tokens[self.index + known - 1]
            self.index += known
            return normalise_space(self.source[first.start : last.end])
        words = [self.advance().text]
        while True:
            token = self.peek()
            if token.kind != "name" or token.text in STOP_WORDS or token.text in stop_at:
                break
            if token.text in _LITERAL_WORDS:
                break
            words.append(self.advance().text)
        return " ".join(words)

    def parenthesized(self) -> ast.Node:
        start = self.advance().start
        saved, self.range_end = self.range_end, False
        try:
            inner = self.expression()
            if self.accept(".."):
                return self.range_rest(start, inner, start_included=False)
            self.expect(")")
            return inner
        finally:
            self.range_end = saved

    def list_or_range(self) -> ast.Node:
        start = self.advance().start
        saved, self.range_end = self.range_end, False
        try:
            if self.accept("]"):
                return ast.ListLiteral(start, ())
            first = self.expression()
            if self.accept(".."):
                return self.range_rest(start, first, start_included=True)
            items = [first]
            while self.accept(","):
                items.append(self.expression())
            self.expect("]")
            return ast.ListLiteral(start, tuple(items))
        finally:
            self.range_end = saved

    def range_rest(self, start: int, low: ast.Node, start_included: bool) -> ast.Node:
        """Parse ``end`` and the closing bracket of a range whose ``..`` was just consumed."""
        saved, self.range_end = self.range_end, True
        high = self.additive()
        self.range_end = saved
        closing = self.peek()
        if closing.kind == "op" and closing.text in ("]", ")", "["):
            self.advance()
            return ast.RangeLiteral(start, low, high, start_included, closing.text == "]")
        raise self.error("expected ']', ')' or '[' to close the range")

    def context(self) -> ast.Node:
        start = self.advance().start
        entries: list[tuple[str, ast.Node]] = []
        if self.accept("}"):
            return ast.ContextLiteral(start, ())
        keys: set[str] = set()
        while True:
            key_token = self.peek()
            key = self.context_key()
            if key in keys:
                raise FeelSyntaxError(f"duplicate context entry key '{key}'", self.source, key_token.start)
            keys.add(key)
            self.expect(":")
            entries.append((key, self.expression()))
            if self.accept("}"):
                return ast.ContextLiteral(start, tuple(entries))
            self.expect(",")

    def context_key(self) -> str:
        token = self.peek()
        if token.kind in ("str", "bname") and self.at(":", 1):
            self.advance()
            return token.value
        first = token
        last = token
        while not self.at(":"):
            token = self.peek()
            if token.kind == "eof" or (token.kind == "op" and token.text in (",", "}", "{", "[", "]")):
                raise self.error("expected a context key followed by ':'")
            last = self.advance()
        if last is first and first.kind == "op" and first.text == ":":
            raise self.error("expected a context key")
        return self.source[first.start : last.end]  # spelled as written, inner spaces included

    def function_definition(self) -> ast.Node:
        start = self.advance().start
        self.expect("(")
        parameters: list[str] = []
        types: list[ast.TypeSpec | None] = []
        if not self.accept(")"):
            while True:
                parameters.append(self.parameter_name())
                types.append(self.type_spec() if self.accept(":") else None)
                if not self.accept(","):
                    break
            self.expect(")")
        if self.at_word("external"):
            raise self.error("external (Java/PMML) functions are not supported")
        body = self.expression()
        declared = tuple(types) if any(types) else ()
        return ast.FunctionDefinition(start, tuple(parameters), body, declared)

    # ---------------------------------------------------------------- types

    def type_spec(self) -> ast.TypeSpec:
        for words in _MULTI_WORD_TYPES:
            if all(self.at_word(word, i) for i, word in enumerate(words)):
                self.index += len(words)
                return ast.TypeSpec(" ".join(words))
        token = self.peek()
        if token.kind not in ("name", "bname"):
            raise self.error("expected a type name")
        name = self.advance().value
        while self.at(".") and self.peek(1).kind in ("name", "bname"):
            self.advance()
            name += "." + self.advance().value
        if name in ("list", "range") and self.accept("<"):
            element = self.type_spec()
            self.expect(">")
            return ast.TypeSpec(name, (element,))
        if name == "context" and self.accept("<"):
            fields: list[tuple[str, ast.TypeSpec]] = []
            if not self.at(">"):
                while True:
                    key = self.parameter_name()
                    self.expect(":")
                    fields.append((key, self.type_spec()))
                    if not self.accept(","):
                        break
            self.expect(">")
            return ast.TypeSpec(name, fields=tuple(fields))
        if name == "function" and self.accept("<"):
            parameters: list[ast.TypeSpec] = []
            if not self.at(">"):
                parameters.append(self.type_spec())
                while self.accept(","):
                    parameters.append(self.type_spec())
            self.expect(">")
            self.expect("->")
            return ast.TypeSpec(name, tuple(parameters), result=self.type_spec())
        return ast.TypeSpec(name)

    # ---------------------------------------------------------------- unary tests

    def unary_tests(self) -> ast.Node:
        token = self.peek()
        if token.kind == "eof":
            return ast.AnyInput(token.start)  # an empty input entry matches anything, as in Camunda
        if token.kind == "op" and token.text == "-" and self.peek(1).kind == "eof":
            self.advance()
            return ast.AnyInput(token.start)
        if self.at_word("not") and self.at("(", 1):
            saved = self.index
            try:
                self.advance()
                self.advance()
                tests = self.positive_tests()
                self.expect(")")
                if self.peek().kind == "eof":
                    return ast.NegatedTests(token.start, tests)
            except FeelSyntaxError:
                pass
            self.index = saved
        return ast.UnaryTests(token.start, self.positive_tests())

    def positive_tests(self) -> tuple[ast.Node, ...]:
        tests = [self.expression()]
        while self.accept(","):
            tests.append(self.expression())
        return tuple(tests)
