"""The API's JSON parser: DRF's, refusing JSON nested deeper than any request of the API needs.

Python's decoder recurses once per level, so a body of a few thousand "[" raises RecursionError (a 500);
a limit well below that answers 400 naming the problem instead.
"""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


def nesting_depth(data) -> int:
    """How deep lists and objects nest in decoded JSON (a scalar is 0), without recursing."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        deepest = max(deepest, depth)
        stack.extend((item, depth + 1) for item in value)
    return deepest


class DepthLimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        message = f"JSON parse error - nested deeper than {MAX_DEPTH} levels."
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(message) from None
        if nesting_depth(data) > MAX_DEPTH:
            raise ParseError(message)
        return data
