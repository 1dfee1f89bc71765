"""The organiser's set-up fields are declared once, in room/rules.py: the action
table and the field parsers both take them from there."""

import pytest

from workshop.room import rules
from workshop.web.actions import ACTIONS

pytestmark = pytest.mark.timeout(30)


def test_set_up_fields_are_declared_once_and_each_has_a_parser():
    create, set_up = ACTIONS["create_workshop"], ACTIONS["set_up"]
    assert create.fields == ("title", *rules.CREATE_FIELDS)
    assert create.optional is rules.CREATE_FIELDS
    assert set_up.fields is set_up.optional is rules.SET_UP_FIELDS
    for name in ("title", *rules.CREATE_FIELDS, *rules.SET_UP_FIELDS):
        assert name in rules.FIELD_KINDS, name
    assert rules.FIELD_KINDS["capacity"].__name__ == "_number"
    assert rules.FIELD_KINDS["wifi_password"].__name__ == "_checked_by_write"
