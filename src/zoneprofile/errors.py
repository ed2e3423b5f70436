"""The exception tree. Every error a user can cause is a ZoneprofileError whose
message is one line saying what and where; the CLI prints it without a traceback."""


class ZoneprofileError(Exception):
    """Base class: an input or runtime problem (exit code 1)."""


class ConfigError(ZoneprofileError):
    """One or more problems in the profiles, the manifest or the corpus path; all are
    reported together, one line each, naming the file, the field and the valid choices."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


class ProfileError(ConfigError):
    """One or more problems in profiles/."""


class CorpusError(ZoneprofileError):
    """The corpus path is missing, empty or unreadable."""


class ManifestError(ConfigError, CorpusError):
    """One or more problems in the corpus manifest."""


class RenderError(ZoneprofileError):
    """A template, font or PDF problem."""


class UsageError(ZoneprofileError):
    """An option's value is wrong (exit code 2): the message names the option and the valid choices."""
