"""Ids in API paths: any integer a database id column can hold, negative included, so that a bad id reaches the
view and gets the API's JSON 404 (Django's `int` converter would fall through to an HTML page)."""

from django.urls import register_converter


class AnyInt:
    regex = "-?[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not -(2**63) <= number < 2**63:
            raise ValueError("out of range")
        return number

    def to_url(self, value) -> str:
        return str(value)


register_converter(AnyInt, "anyint")
