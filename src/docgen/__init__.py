"""docgen: budget performance tables (预算绩效目标表 / 绩效自评表) from YAML specs."""

__version__ = "0.1.0"
