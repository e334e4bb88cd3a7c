"""Clause includes: Jinja2 in a sandbox, strict about undefined names.

A policy body is a Jinja2 template. ``{% clause "name" param=value %}`` pulls
in ``policies/clauses/name.md`` with its parameters. Every error names the
file and line the author edits, with the include chain that led there.

Line numbers survive expansion through invisible markers: before Jinja sees
a source, each of its lines is prefixed with a private-use marker naming its
file and line, and each clause's output is bracketed by markers naming the
call site. After rendering, :func:`_strip_markers` removes them and keeps, for
every output line, where it came from (:class:`Origin`).

Templates see company facts, policy variables and clause parameters, nothing
else: the state of the expansion in progress (the include stack the cycle check
reads) is held by the :class:`Expander`, out of their reach.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.ext import Extension
from jinja2.parser import Parser
from jinja2.sandbox import SandboxedEnvironment

from generator.content import layout
from generator.errors import PolicyError, did_you_mean
from generator.model import Clause, SourceLocation

_LINE = "\ue000"
_OPEN = "\ue002"
_END = "\ue001"
_CLOSE = "\ue003"
_MARKER = re.compile(f"{_LINE}(\\d+):(\\d+){_END}|{_OPEN}(\\d+):(\\d+){_END}|{_CLOSE}")
_TAG = re.compile(r"\{\{|\{%|\{##|\}\}|%\}|##\}")
_CLOSER = {"{{": "}}", "{%": "%}", "{##": "##}"}
_BLANK_MARKED_LINES_START = re.compile(f"^(?:{_LINE}\\d+:\\d+{_END}[ \t]*\n)+")
_BLANK_MARKED_LINES_END = re.compile(f"(?:\n{_LINE}\\d+:\\d+{_END}[ \t]*)+\n*$")

# Jinja's `{# #}` comments would swallow Markdown's `{#anchor}` attributes.
COMMENT_START = "{##"
COMMENT_END = "##}"


@dataclass(frozen=True)
class Origin:
    """Where an output line came from: ``chain`` is the include chain, ending at ``location``."""

    chain: tuple[SourceLocation, ...]

    @property
    def location(self) -> SourceLocation:
        return self.chain[-1]


@dataclass(frozen=True)
class Expansion:
    """A rendered template: Markdown text and the origin of each of its lines."""

    text: str
    origins: tuple[Origin, ...]
    clauses: frozenset[str]
    """Names of every clause the text includes, directly or not."""

    def origin(self, line_index: int) -> Origin:
        """Origin of the 0-based output line ``line_index``."""
        return self.origins[min(line_index, len(self.origins) - 1)]


@dataclass
class _RenderState:
    """One expansion in progress: its variables, the clauses being included (the cycle
    check reads them) and every clause it used."""

    base: Mapping[str, Any]
    stack: list[tuple[str, SourceLocation]] = field(default_factory=list)
    used: set[str] = field(default_factory=set)


def _mark_lines(source: str, file_id: int) -> str:
    """Prefix every line that does not start inside a Jinja tag with its marker."""
    marked: list[str] = []
    closer: str | None = None
    for number, line in enumerate(source.split("\n"), start=1):
        marked.append(line if closer else f"{_LINE}{file_id}:{number}{_END}{line}")
        for match in _TAG.finditer(line):
            token = match.group(0)
            if closer is None and token in _CLOSER:
                closer = _CLOSER[token]
            elif token == closer:
                closer = None
    return "\n".join(marked)


def _strip_markers(text: str, files: Sequence[str]) -> tuple[str, tuple[Origin, ...]]:
    """Remove the markers and return each output line's origin."""
    lines: list[str] = []
    origins: list[Origin] = []
    stack: list[SourceLocation] = []
    current = SourceLocation(files[0] if files else "<template>", 1)
    for raw_line in text.split("\n"):
        pieces: list[str] = []
        line_origin: Origin | None = None
        position = 0
        for match in _MARKER.finditer(raw_line):
            if match.start() > position:
                pieces.append(raw_line[position : match.start()])
                line_origin = line_origin or Origin((*stack, current))
            position = match.end()
            if match.group(1) is not None:
                current = SourceLocation(files[int(match.group(1))], int(match.group(2)))
            elif match.group(3) is not None:
                stack.append(SourceLocation(files[int(match.group(3))], int(match.group(4))))
            elif stack:
                current = stack.pop()
        if position < len(raw_line):
            pieces.append(raw_line[position:])
            line_origin = line_origin or Origin((*stack, current))
        lines.append("".join(pieces))
        origins.append(line_origin or Origin((*stack, current)))
    return "\n".join(lines), tuple(origins)


class _SourceLoader(BaseLoader):
    """Serves policy and clause bodies (already split from front matter), marked."""

    def __init__(self, sources: Mapping[str, str]) -> None:
        self.sources = sources
        self.files: list[str] = sorted(sources)
        self._ids = {name: index for index, name in enumerate(self.files)}

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        if template not in self.sources:
            raise TemplateNotFound(template)
        return _mark_lines(self.sources[template], self._ids[template]), template, lambda: True


def _opening_line(marked_source: str, lineno: int) -> int:
    """The line on which the tag around line ``lineno`` opens.

    Jinja names the line of the token it could not parse: for an unclosed
    ``{{ company.name`` that is the next line's first word. A line that starts inside
    a tag has no marker (:func:`_mark_lines`), so the tag opens on the last marked line
    before it.
    """
    lines = marked_source.split("\n")
    if not lines[0].startswith(_LINE):
        return lineno
    while 1 < lineno <= len(lines) and not lines[lineno - 1].startswith(_LINE):
        lineno -= 1
    return lineno


class _Parser(Parser):
    """Jinja's parser, reporting a block left open at the end at the line of its tag."""

    def __init__(
        self, environment: Environment, source: str, name: str | None, filename: str | None
    ) -> None:
        super().__init__(environment, source, name, filename)
        self._statement_lines: list[int] = []

    def parse_statement(self) -> nodes.Node | list[nodes.Node]:
        self._statement_lines.append(self.stream.current.lineno)
        try:
            return super().parse_statement()
        finally:
            self._statement_lines.pop()

    def fail_eof(
        self, end_tokens: tuple[str, ...] | None = None, lineno: int | None = None
    ) -> NoReturn:
        # Jinja would name the line its last token starts on (any line after the tag,
        # depending on trim_blocks); the author has to close the innermost open block.
        if lineno is None and self._statement_lines:
            lineno = self._statement_lines[-1]
        super().fail_eof(end_tokens, lineno)


class _PolicyEnvironment(SandboxedEnvironment):
    """The sandbox, minus Jinja's own include, import and extends: clauses go through
    ``{% clause %}``, which checks names, parameters, cycles and the folder boundary.
    A syntax error is reported at the line where its tag opens."""

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        try:
            tree = _Parser(self, source, name, filename).parse()
        except TemplateSyntaxError as exc:
            if exc.lineno:
                exc.lineno = _opening_line(source, exc.lineno)
            raise
        for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
            raise TemplateSyntaxError(
                f"'{type(node).__name__.lower()}' is not available in policies; "
                'include shared clauses with {% clause "name" %}',
                node.lineno,
                name,
                filename,
            )
        return tree


class ClauseExtension(Extension):
    """The ``{% clause "name" param=value, ... %}`` tag."""

    tags = {"clause"}  # noqa: RUF012 - Jinja's own declaration of the attribute

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        self.expander: Expander | None = None

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        name = parser.parse_expression()
        pairs: list[nodes.Pair] = []
        seen: set[str] = set()
        while parser.stream.current.type != "block_end":
            parser.stream.skip_if("comma")
            target = parser.stream.expect("name")
            if target.value in seen:
                parser.fail(f"parameter '{target.value}' is given twice", target.lineno)
            seen.add(target.value)
            parser.stream.expect("assign")
            pairs.append(nodes.Pair(nodes.Const(target.value), parser.parse_expression()))
        call = self.call_method(
            "_include",
            [
                nodes.ContextReference(),
                name,
                nodes.Dict(pairs),
                nodes.Const(parser.name),
                nodes.Const(lineno),
            ],
        )
        return nodes.Output([call], lineno=lineno)

    def _include(
        self,
        context: Any,
        name: Any,
        params: dict[str, Any],
        template_name: str,
        lineno: int,
    ) -> str:
        assert self.expander is not None
        return self.expander.include(name, params, SourceLocation(template_name, lineno))


class Expander:
    """Renders policy bodies with their clauses; one per library."""

    def __init__(
        self,
        policies_dir: Path,
        clauses: Mapping[str, Clause],
        sources: Mapping[str, str],
    ) -> None:
        """``sources`` maps each policy's and clause's display path to its padded body."""
        self.policies_dir = policies_dir.resolve()
        self.clauses = clauses
        self._loader = _SourceLoader(sources)
        self.environment = _PolicyEnvironment(
            loader=self._loader,
            undefined=StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            keep_trailing_newline=True,
            comment_start_string=COMMENT_START,
            comment_end_string=COMMENT_END,
            extensions=[ClauseExtension],
        )
        extension = self.environment.extensions[ClauseExtension.identifier]
        assert isinstance(extension, ClauseExtension)
        extension.expander = self
        # `when:` asks whether a fact exists, so a missing fact is false, not an error.
        self._conditions = SandboxedEnvironment(autoescape=False)
        # The expansion in progress, never a template variable: a template that could
        # reach it could empty the include stack and get past the cycle check.
        self._state: _RenderState | None = None

    def expand(self, template_name: str, variables: Mapping[str, Any]) -> Expansion:
        """Render the template (a display path) with ``variables``."""
        state = _RenderState(base=variables)
        outer, self._state = self._state, state
        try:
            text = self._render(template_name, variables, state, None)
        finally:
            self._state = outer
        clean, origins = _strip_markers(text, self._loader.files)
        return Expansion(clean, origins, frozenset(state.used))

    def include(self, name: Any, params: Mapping[str, Any], call_site: SourceLocation) -> str:
        """Render one clause at ``call_site``, within :meth:`expand`; the ``{% clause %}``
        tag calls this."""
        state = self._state
        if state is None:
            raise RuntimeError("a clause is included only while a policy is expanded")
        chain = [site for _, site in state.stack] + [call_site]
        clause = self._resolve(name, call_site, chain)
        if clause.name in (included for included, _ in state.stack):
            cycle = " -> ".join(str(site) for site in chain) + f" -> {clause.display_path}"
            raise PolicyError(
                call_site,
                f"include cycle: {cycle}",
                f"a clause cannot include itself; remove the include of '{clause.name}'",
            )
        arguments = self._bind(clause, params, call_site, chain)
        state.used.add(clause.name)
        if clause.when and not self._condition(clause, {**state.base, **arguments}):
            return ""
        state.stack.append((clause.name, call_site))
        try:
            text = self._render(clause.display_path, {**state.base, **arguments}, state, call_site)
        finally:
            state.stack.pop()
        # Drop the clause's leading and trailing blank lines (its front matter's padding).
        text = _BLANK_MARKED_LINES_END.sub("", _BLANK_MARKED_LINES_START.sub("", text))
        if not _MARKER.sub("", text).strip():
            return ""
        # trim_blocks ate the newline after the tag; the clause's output brings it back.
        return f"{_OPEN}{self._file_id(call_site.path)}:{call_site.line}{_END}{text}{_CLOSE}\n"

    def _file_id(self, display_path: str) -> int:
        return self._loader.files.index(display_path)

    def _resolve(self, name: Any, call_site: SourceLocation, chain: list[SourceLocation]) -> Clause:
        if not isinstance(name, str) or not name.strip():
            raise PolicyError(
                call_site, f"clause name must be a text, got {name!r}", 'write {% clause "name" %}'
            )
        clean = name.strip().removesuffix(".md")
        target = layout.clause_file(self.policies_dir, clean).resolve()
        if not target.is_relative_to(self.policies_dir):
            raise PolicyError(
                call_site,
                f"include path '{name}' leaves the policies folder",
                "name a clause of policies/clauses/ such as 'contact-us'",
                chain,
            )
        clause = self.clauses.get(clean)
        if clause is None:
            hint = did_you_mean(clean, self.clauses) or (
                f"add policies/clauses/{clean}.md or use one of: " + ", ".join(sorted(self.clauses))
            )
            raise PolicyError(call_site, f"clause '{clean}' not found", hint, chain)
        return clause

    def _bind(
        self,
        clause: Clause,
        params: Mapping[str, Any],
        call_site: SourceLocation,
        chain: list[SourceLocation],
    ) -> dict[str, Any]:
        for given in params:
            if given not in clause.parameters:
                known = ", ".join(sorted(clause.parameters)) or "none"
                hint = did_you_mean(given, clause.parameters) or f"its parameters: {known}"
                raise PolicyError(
                    call_site,
                    f"clause '{clause.name}' has no parameter '{given}'",
                    hint,
                    chain,
                )
        arguments: dict[str, Any] = {}
        for parameter in clause.parameters.values():
            if parameter.name in params:
                arguments[parameter.name] = params[parameter.name]
            elif parameter.required:
                raise PolicyError(
                    call_site,
                    f"clause '{clause.name}' needs parameter '{parameter.name}'"
                    + (f" ({parameter.description})" if parameter.description else ""),
                    f'write {{% clause "{clause.name}" {parameter.name}="..." %}}',
                    chain,
                )
            else:
                arguments[parameter.name] = parameter.default
        return arguments

    def _condition(self, clause: Clause, variables: Mapping[str, Any]) -> bool:
        location = SourceLocation(clause.display_path, clause.when_line)
        try:
            return bool(self._conditions.compile_expression(clause.when or "")(**variables))
        except TemplateSyntaxError as exc:
            raise PolicyError(
                location, f"invalid 'when' expression: {exc.message}", "e.g. when: company.email"
            ) from None
        except Exception as exc:
            raise PolicyError(location, f"'when' expression failed: {exc}") from None

    def _render(
        self,
        template_name: str,
        variables: Mapping[str, Any],
        state: _RenderState,
        call_site: SourceLocation | None,
    ) -> str:
        chain = [site for _, site in state.stack]
        try:
            return self.environment.get_template(template_name).render(variables)
        except PolicyError:
            raise
        except TemplateSyntaxError as exc:
            location = SourceLocation(exc.filename or template_name, exc.lineno)
            raise PolicyError(
                location,
                f"template syntax error: {exc.message}",
                "check the {% ... %} and {{ ... }} tags",
                [*chain, location],
            ) from None
        except Exception as exc:
            location = self._failing_line(exc.__traceback__, template_name)
            message, hint = _describe_runtime_error(exc)
            raise PolicyError(location, message, hint, [*chain, location]) from None

    def _failing_line(self, traceback: TracebackType | None, template_name: str) -> SourceLocation:
        """The innermost template line in a traceback rewritten by Jinja."""
        location = SourceLocation(template_name, 1)
        while traceback is not None:
            filename = traceback.tb_frame.f_code.co_filename
            if filename in self._loader.sources:
                location = SourceLocation(filename, traceback.tb_lineno)
            traceback = traceback.tb_next
        return location


def _describe_runtime_error(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, SecurityError):
        return (
            f"not allowed in a policy template: {exc}",
            "templates may only use company facts, policy variables and clause parameters",
        )
    if isinstance(exc, UndefinedError):
        return (
            f"undefined variable: {exc.message}",
            "define it in company.md ('facts:'), in the policy's 'variables:', "
            "or as a clause parameter",
        )
    return f"template error: {type(exc).__name__}: {exc}", ""
