"""The scenarios layer's one exception type, ``ScenarioError``.

A subclass of :class:`sim.errors.SimError`, so the command line reports both the same way
(message on stderr, exit code 2). A message names the field, the value and what is
allowed; a file with several problems raises one error listing all of them.
"""

from sim.errors import SimError


class ScenarioError(SimError):
    """Bad input to a sweep (file, store, options); ``problems`` lists every one found."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems) if problems else [message]
