"""The one place writes are authorised: every mutation field runs :class:`Authorize`
first, which names every node its arguments point at, asks the authority policy
(:func:`queries.authority.can_change`) and refuses before anything is written."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from strawberry.extensions import FieldExtension
from strawberry.types import Info
from strawberry.utils.str_converters import to_camel_case

from api.graphql.context import Context
from api.graphql.errors import ForbiddenError
from graph.errors import FieldError, NotFoundError, ValidationError
from queries.authority import HELD, RULES, Named, Refusal, can_change
from writes.changes.nodes import open_assignments

OPTIONS = ("role", "kind", "anonymous")
"""Arguments that are not nodes but matter to the policy."""


async def authorize(context: Context, operation: str, arguments: dict[str, Any]) -> None:
    """Refuse ``operation`` with ``arguments`` (Python names) unless the policy allows it.

    Raises:
        NotFoundError: an argument names nothing the caller may read.
        ForbiddenError: the role may not, or a node named lies outside what they may change.
        ValidationError: an argument the policy needs is missing or wrong.
    """
    rule = RULES.get(operation)
    named: list[Named] = []
    for argument in rule.arguments if rule else ():
        value = arguments.get(argument)
        uids = [value] if isinstance(value, str) else list(value or ())
        for uid in uids:
            if isinstance(uid, str):
                named.append(Named(argument, uid, await context.place(uid)))
    options = {k: getattr(v, "value", v) for k, v in arguments.items() if k in OPTIONS}
    reach = await context.reach()
    if operation == "retire_node" and not reach.unrestricted and isinstance(arguments["uid"], str):
        # Retiring closes every open post of the node: whatever they join it to must lie
        # inside the caller's units too.
        held = await run_in_threadpool(open_assignments, context.engine, arguments["uid"])
        for link in held:
            named.append(Named(HELD, link.other, await context.place(link.other)))
    refusal = can_change(reach.caller(), operation, named, options)
    if refusal is not None:
        raise _error(operation, refusal, named)


def _error(operation: str, refusal: Refusal, named: list[Named]) -> Exception:
    if refusal.code == "NOT_FOUND":
        uid = next((n.uid for n in named if n.argument == refusal.argument), "")
        return NotFoundError(uid)
    if refusal.code == "FORBIDDEN":
        return ForbiddenError(refusal.message)
    field = to_camel_case(refusal.argument or operation)
    return ValidationError(operation, [FieldError(field, refusal.message)])


class Authorize(FieldExtension):
    """Checks a mutation against the authority policy before its resolver runs."""

    async def resolve_async(  # type: ignore[override]
        self,
        next_: Callable[..., Awaitable[Any]],
        source: Any,
        info: Info[Context, None],
        /,
        **kwargs: Any,
    ) -> Any:
        """Positional-only, so that a mutation argument named ``source`` (mergeCells) or
        ``info`` reaches ``kwargs`` instead of clashing with these parameters."""
        await authorize(info.context, info.python_name, kwargs)
        return await next_(source, info, **kwargs)


def authorized(mutation_type: Any) -> Any:
    """Give every field of ``mutation_type`` the :class:`Authorize` extension.

    Raises:
        KeyError: a mutation the authority policy has no rule for (add it to ``RULES``).
    """
    for field in mutation_type.__strawberry_definition__.fields:
        RULES[field.python_name]
        field.extensions.append(Authorize())
    return mutation_type
