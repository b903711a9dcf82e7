"""The OpenAPI schema builds without a warning: every endpoint, parameter and enum is described."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_openapi_schema_builds_without_warnings(tmp_path):
    call_command("spectacular", "--fail-on-warn", "--validate", "--file", str(tmp_path / "schema.yml"))
    assert "/api/v1/cases/" in (tmp_path / "schema.yml").read_text()
