"""One error hierarchy for lagebild.

    LagebildError
    ├── InputError        an input cannot be used (unreadable, binary, empty, too large, …)
    │   └── ExtractionError   readable, but no article could be recovered from it
    ├── QueryError        a search or alert query cannot be parsed
    ├── ArchiveError      the archive cannot be opened or written
    ├── FetchError        a URL could not be fetched (robots.txt, private address, HTTP status, …)
    │   └── TransientFetchError   … for now: a timeout, 429 or 5xx; worth another try later
    ├── DeliveryError     an alert could not be delivered (webhook, email, Atom file)
    ├── ModelError        a trained model's weights are missing or do not fit
    └── ConfigError       settings or registered parts do not fit together (an unknown name, an
                          enrich component whose required field no earlier component assigns)

An input that cannot be used is never a silent ``None``: the stage raises an :class:`InputError`
whose message is the reason, and the runner turns it into a counted :class:`~lagebild.model.Failure`.
"""


class LagebildError(Exception):
    """Base of every error lagebild raises on purpose."""


class InputError(LagebildError):
    """An input cannot be used; the message says why in a few words."""


class ExtractionError(InputError):
    """The input was read, but no article could be recovered from it."""


class QueryError(LagebildError):
    """A query could not be parsed."""


class ArchiveError(LagebildError):
    """The archive could not be opened, migrated or written."""


class FetchError(LagebildError):
    """A URL could not be fetched."""


class TransientFetchError(FetchError):
    """A URL could not be fetched this time (timeout, connection reset, 429, 5xx): try again later."""


class DeliveryError(LagebildError):
    """An alert could not be delivered."""


class ModelError(LagebildError):
    """A model's weights are missing or incompatible."""


class ConfigError(LagebildError):
    """Settings or registered parts do not fit together; the message names the part and the reason."""
