"""Parsed GraphQL documents kept across requests, so that a front-end's few query texts are
parsed once per process rather than once per request (parsing cost ~5 % of a trace request's
time when profiled; validation is cached already, by document).

Unlike strawberry's ``ParserCache``, a text that does not parse is neither kept nor raised
here: strawberry then parses it itself, so its syntax error (or a token-limit refusal) reaches
``api.graphql.errors.ErrorCodes`` and gets its code like any other error. As for validation
(``api.graphql.limits``), only texts of at most ``CACHED_DOCUMENT_CHARS`` are kept, so a burst
of large documents leaves no memory behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import suppress
from functools import lru_cache
from typing import Any

from graphql import DocumentNode, GraphQLError, parse
from strawberry.extensions import SchemaExtension

from api.graphql.limits import CACHED_DOCUMENT_CHARS


class DocumentCache(SchemaExtension):
    """Hand strawberry the parsed document of a query text seen before (see the module
    docstring). Made by :func:`document_cache`, which owns the cache."""

    def __init__(self, parse_cached: Callable[..., DocumentNode]) -> None:
        super().__init__()
        self._parse = parse_cached

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if context.graphql_document is None and query and len(query) <= CACHED_DOCUMENT_CHARS:
            with suppress(GraphQLError):  # strawberry parses it again and reports it, coded
                context.graphql_document = self._parse(query, **context.parse_options)
        yield


def document_cache(maxsize: int) -> Callable[[], DocumentCache]:
    """A factory for the schema's ``extensions``: every request's extension shares one LRU
    cache of at most ``maxsize`` documents, keyed by query text and parse options (the token
    limit among them).

    Example:
        >>> strawberry.Schema(Query, extensions=[document_cache(256)])  # doctest: +SKIP
    """

    def parse_document(query: str, **options: Any) -> DocumentNode:
        return parse(query, **options)

    cached = lru_cache(maxsize=maxsize)(parse_document)
    return lambda: DocumentCache(cached)
