"""Assertions about one process instance, read through the REST API as Operate reads it.

The vocabulary is BpmnAssert's (``is_completed``, ``has_passed``, ``is_waiting_at`` …). Reads lag
the engine on a real cluster, so an assertion that something happened waits for it (up to the
harness's timeout), while an assertion that something did not happen is checked once the
application has settled. Each failure shows where every instance of the test stands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from govit.rest import NotFoundError

if TYPE_CHECKING:
    from harness.app import ProcessApp


class InstanceAssert:
    def __init__(self, app: ProcessApp, process_instance_key: int) -> None:
        self._app = app
        self.key = process_instance_key

    # ------------------------------------------------------------------ reads
    def state(self) -> str:
        """ACTIVE, COMPLETED or TERMINATED (as the REST API names them); NOT_FOUND until the
        instance reaches the secondary storage a cluster reads from."""
        try:
            return str(self._app.rest.process_instance(str(self.key))["state"])
        except NotFoundError:
            return "NOT_FOUND"

    def _elements(self, **filter_: Any) -> list[dict[str, Any]]:
        """This instance's element instances in the order they were entered (keys grow with each)."""
        found = self._app.rest.search("element-instances", {"processInstanceKey": str(self.key), **filter_})
        return sorted(found, key=lambda item: int(item["elementInstanceKey"]))

    def completed_element_ids(self) -> list[str]:
        return [str(e["elementId"]) for e in self._elements(state="COMPLETED")]

    def active_element_ids(self) -> list[str]:
        return [str(e["elementId"]) for e in self._elements(state="ACTIVE") if e["type"] != "PROCESS"]

    def _wait(self, holds: Callable[[], bool], what: str) -> InstanceAssert:
        self._app.wait_until(holds, f"process instance {self.key} {what}")
        return self

    def _settled_check(self, holds: Callable[[], bool], what: str) -> InstanceAssert:
        self._app.settle()
        if not holds():
            raise AssertionError(f"Expected process instance {self.key} {what}\n{self._app.describe()}")
        return self

    # ------------------------------------------------------------------ state
    def is_completed(self) -> InstanceAssert:
        return self._wait(lambda: self.state() == "COMPLETED", "to be completed")

    def is_terminated(self) -> InstanceAssert:
        return self._wait(lambda: self.state() == "TERMINATED", "to be terminated")

    def is_active(self) -> InstanceAssert:
        return self._settled_check(lambda: self.state() == "ACTIVE", "to be active")

    # ------------------------------------------------------------------ elements
    def is_waiting_at(self, *element_ids: str) -> InstanceAssert:
        return self._wait(
            lambda: set(element_ids) <= set(self.active_element_ids()),
            f"to be waiting at {list(element_ids)}",
        )

    def is_not_waiting_at(self, *element_ids: str) -> InstanceAssert:
        return self._settled_check(
            lambda: not set(element_ids) & set(self.active_element_ids()),
            f"not to be waiting at {list(element_ids)}",
        )

    def has_passed(self, element_id: str, times: int | None = None) -> InstanceAssert:
        """Completed the element: ``times`` exactly when given (checked once settled), at least once
        otherwise."""
        if times is None:
            return self._wait(lambda: element_id in self.completed_element_ids(), f"to pass {element_id!r}")
        self._wait(
            lambda: self.completed_element_ids().count(element_id) >= times,
            f"to pass {element_id!r} {times} time(s)",
        )
        return self._settled_check(
            lambda: self.completed_element_ids().count(element_id) == times,
            f"to pass {element_id!r} exactly {times} time(s)",
        )

    def has_passed_in_order(self, *element_ids: str) -> InstanceAssert:
        """Passed these elements, entering them in this order (other elements between are fine)."""

        def in_order() -> bool:
            passed = [e for e in self.completed_element_ids() if e in element_ids]
            return passed == list(element_ids)

        self._wait(
            lambda: set(element_ids) <= set(self.completed_element_ids()), f"to pass {list(element_ids)}"
        )
        return self._settled_check(in_order, f"to pass {list(element_ids)} in this order")

    def has_not_passed(self, *element_ids: str) -> InstanceAssert:
        return self._settled_check(
            lambda: not set(element_ids) & set(self.completed_element_ids()),
            f"not to pass any of {list(element_ids)}",
        )

    def has_incident(self, error_type: str) -> InstanceAssert:
        """An open incident of this type (e.g. UNHANDLED_ERROR_EVENT, JOB_NO_RETRIES)."""
        return self._wait(
            lambda: bool(
                self._app.rest.incidents(
                    processInstanceKey=str(self.key), state="ACTIVE", errorType=error_type
                )
            ),
            f"to have an open {error_type} incident",
        )

    def called_instances(self, process_id: str | None = None) -> list[int]:
        """Keys of the instances this one called (of ``process_id`` when given), oldest first."""
        filter_: dict[str, Any] = {"parentProcessInstanceKey": str(self.key)}
        if process_id is not None:
            filter_["processDefinitionId"] = process_id
        what = f"to have called {process_id or 'a process'}"
        found = self._app.wait_until(
            lambda: self._app.rest.process_instances(**filter_), f"{self.key} {what}"
        )
        return [int(item["processInstanceKey"]) for item in found]
