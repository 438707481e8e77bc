"""docgen: budget performance tables (预算绩效目标表 / 绩效自评表) from YAML specs."""

import logging

__version__ = "0.1.0"

# docgen speaks to its users through diagnostics only: its log records (font searches …) are for
# developers who configure logging, and never reach a terminal on their own.
logging.getLogger("docgen").addHandler(logging.NullHandler())
