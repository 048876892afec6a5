"""What a factory passes to its stage's constructor from the stage's config.

A stage's settings live in its factory's ``default_config``; the constructor takes each as
an optional keyword whose default is the same value. A setting that a constructor does not
take (yet) is passed only when it does; meanwhile a config that changes it is refused
rather than silently ignored.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any

from bulletins.errors import BulletinsError


class StageConfigError(BulletinsError):
    """A stage's config sets a value that the stage cannot use."""


def stage_keywords(
    constructor: Callable[..., Any], given: Mapping[str, Any], defaults: Mapping[str, Any]
) -> dict[str, Any]:
    """The settings of ``given`` that ``constructor`` takes, by name.

    >>> stage_keywords(lambda grammar, max_name_tokens=25: None, {"max_name_tokens": 25}, {})
    {'max_name_tokens': 25}
    """
    parameters = inspect.signature(constructor).parameters
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
        return dict(given)
    taken = {}
    for key, value in given.items():
        if key in parameters:
            taken[key] = value
        elif key in defaults and value != defaults[key]:
            name = getattr(constructor, "__qualname__", repr(constructor))
            raise StageConfigError(
                f"{name} does not take the setting {key!r} (set to {value!r}); remove it from the "
                f"pipeline config, or keep its default {defaults[key]!r}."
            )
    return taken
