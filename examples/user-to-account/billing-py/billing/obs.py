"""Logging helpers.

`get_logger` returns a small key/value logger in the style of structlog:
``log.info("charged", account_id=acct.id, amount_minor=1200)``. The keys end
up as JSON fields in the log pipeline, so dashboards depend on their names.
"""

from __future__ import annotations

import json
import logging
from typing import Any

# Dashboards still group by the old key; both are emitted until the
# reporting team switches their queries (see docs/billing.md).
LEGACY_LOG_KEYS = {"account_id": "user_id"}


class KeyValueLogger:
    def __init__(self, name: str, **bound: Any) -> None:
        self._logger = logging.getLogger(name)
        self._bound = bound

    def bind(self, **fields: Any) -> "KeyValueLogger":
        return KeyValueLogger(self._logger.name, **{**self._bound, **fields})

    def _emit(self, level: int, event: str, fields: dict[str, Any]) -> None:
        payload = {"event": event, **self._bound, **fields}
        for new_key, old_key in LEGACY_LOG_KEYS.items():
            if new_key in payload and old_key not in payload:
                payload[old_key] = payload[new_key]
        self._logger.log(level, json.dumps(payload, sort_keys=True))

    def debug(self, event: str, **fields: Any) -> None:
        self._emit(logging.DEBUG, event, fields)

    def info(self, event: str, **fields: Any) -> None:
        self._emit(logging.INFO, event, fields)

    def warning(self, event: str, **fields: Any) -> None:
        self._emit(logging.WARNING, event, fields)

    def error(self, event: str, **fields: Any) -> None:
        self._emit(logging.ERROR, event, fields)


def get_logger(name: str, **bound: Any) -> KeyValueLogger:
    return KeyValueLogger(name, **bound)
