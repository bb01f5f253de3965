"""What text a user may send, written once (the input middleware, the API's JSON parser and imports use it):
no control characters but tab, newline and carriage return (PostgreSQL refuses NUL outright, and the others are
never meant), and JSON nested only so deep."""

import re

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_CHARACTERS_MESSAGE = "Control characters (such as NUL) are not allowed."


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in a JSON text, counted without parsing it (so a hostile file cannot
    exhaust the parser's recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for character in text:
        if in_string:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character == '"':
                in_string = False
        elif character == '"':
            in_string = True
        elif character in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif character in "]}":
            depth -= 1
    return deepest
