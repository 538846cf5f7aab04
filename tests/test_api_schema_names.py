"""Every shape the API reads or writes has a name of its own in the OpenAPI schema. django-ninja names a
schema's component after its class, so two classes of one name (say two apps' `DecisionIn`) would
publish one app's shape for the other's operations: clients and the input sweep would then be told
the wrong fields."""

from collections import defaultdict

from ninja import Schema

from ostrom.api.api import api


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_no_two_api_schemas_share_a_name():
    api.get_openapi_schema()  # import every router's schemas
    modules_by_name = defaultdict(set)
    for schema in _subclasses(Schema):
        if schema.__module__.startswith("ostrom."):
            modules_by_name[schema.__name__].add(schema.__module__)
    shared = {name: sorted(modules) for name, modules in modules_by_name.items() if len(modules) > 1}
    assert not shared, f"Give these schemas names of their own: {shared}"
