"""The exception tree. Every error a user can cause is a ZoneprofileError whose
message is one line saying what and where; the CLI prints it without a traceback."""


class ZoneprofileError(Exception):
    """Base class: an input or runtime problem (exit code 1)."""


class ProfileError(ZoneprofileError):
    """One or more problems in profiles/; all are reported together."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


class CorpusError(ZoneprofileError):
    """The corpus path is missing, empty or unreadable."""


class RenderError(ZoneprofileError):
    """A template, font or PDF problem."""
