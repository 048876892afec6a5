"""The one base class of the errors that the project raises for a user to read.

Every error a user can cause (a bad file, a bad option, a folder that is not a dataset)
is a ``BulletinsError`` whose message says what is wrong and what to do; the command
line prints it without a traceback and exits with its ``exit_code``.
"""

from __future__ import annotations


class BulletinsError(Exception):
    """An error meant for the user: the message says what is wrong and what to do."""

    exit_code: int = 1
