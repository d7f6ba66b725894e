"""The abstract node every stored node derives from: a stable business key ``uid``."""

from neomodel import StringProperty, StructuredNode

UID_MAX_LENGTH = 64


class GridNode(StructuredNode):
    """Base of every node: ``uid`` is the stable business key (GraphQL ids derive from it)."""

    __abstract_node__ = True
    uid = StringProperty(unique_index=True, required=True, max_length=UID_MAX_LENGTH)
