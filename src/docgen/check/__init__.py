"""check: named rules over the validated model (see docs/diagnostics.md for the codes)."""

from . import rules  # noqa: F401  (importing registers the rules)
