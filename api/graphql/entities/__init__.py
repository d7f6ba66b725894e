"""GraphQL types for every entity of the schema of record, grouped per domain."""

from api.graphql.entities import (  # noqa: F401  (registers every type in ENTITY_TYPES)
    objects,
    organisation,
    people,
    safety,
    service,
    standards,
)
from api.graphql.entities.base import ENTITY_TYPES, Entity

__all__ = ["ENTITY_TYPES", "Entity"]
