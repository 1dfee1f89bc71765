"""What experts by experience value, as tags on ideas (issue 23 item 5).

The framework names three things people who receive care value ("The chance
to 'give something back'", "Influencing services as 'experts by
experience'", "Being employed"; the list experts_by_experience_value). A
facilitator tags an idea with one (moderation.tag), as with its priority; a
supporter may tag an idea they enter for someone (contributions.submit_idea).
The report's section on them reads `by_value`.
"""

from . import framework as fw
from .errors import Invalid
from .rules import tag

EXPERTS_VALUES = "experts_by_experience_value"


def checked(workshop, key):
    """A key of the workshop's experts-by-experience values, or None; Invalid otherwise."""
    return tag(workshop, EXPERTS_VALUES, key, "experts_value")


def from_supporter(workshop, key, entered_by):
    """The value a phone sends with an idea: only a supporter's (entered_by "supporter")."""
    key = checked(workshop, key)
    if key is not None and entered_by != "supporter":
        raise Invalid(
            "Only a supporter writing for someone tags what experts by experience value.",
            code="not_supporter",
        )
    return key


def by_value(workshop, ideas):
    """[{"key", "name", "definition", "ideas": [ideas tagged with it]}] in the framework's
    order, every value listed (an empty one is news too); `ideas` are shown ideas."""
    framework = workshop["framework"]
    definitions = {
        d["key"]: d.get("definition")
        for d in framework.get("theme_definitions", [])
        if d.get("list") == EXPERTS_VALUES
    }
    return [
        {
            "key": value["key"],
            "name": value["name"],
            "definition": definitions.get(value["key"]),
            "ideas": [i for i in ideas if i.get("experts_value") == value["key"]],
        }
        for value in fw.lookup(framework, EXPERTS_VALUES).values()
    ]
