"""API fuzz: schemathesis, from the app's own OpenAPI schema, finds no 5xx (bounded examples)."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

#: Examples per operation: enough to hit bad dates, odd ids and limits (bounded; its time is
#: not asserted here: speed belongs in benchmarks/).
MAX_EXAMPLES = 15


def test_no_server_error(app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    seen = 0
    for result in schema.get_all_operations():
        op = result.ok()

        @given(case=op.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case):
            response = case.call()
            assert response.status_code < 500, (case.path, case.path_parameters, case.query)
            if response.status_code >= 400:
                assert {"error", "detail"} <= set(response.json())

        run()
        seen += 1
    assert seen >= 10  # every API operation was fuzzed
