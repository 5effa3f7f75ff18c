"""Start instructions: create a process instance at chosen elements instead of its start event.

Each target becomes a path of element ids from the process down to the element; the sub-processes
on the way are activated without their start events. Zeebe refuses start events, boundary events,
elements inside a multi-instance or an event sub-process, and events after an event-based gateway.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.bpmn import model as m
from engine.runtime.errors import InvalidArgument


def start_paths(process: m.Process, element_ids: Sequence[str]) -> list[list[str]]:
    paths = []
    for element_id in element_ids:
        element = process.elements.get(element_id)
        if element is None or element_id == process.id:
            raise InvalidArgument(
                f"Expected to find element with id '{element_id}' in process '{process.id}', but none found"
            )
        _check(process, element)
        path = [element_id]
        scope = element.flow_scope
        while scope is not None and scope != process.id:
            container = process.elements[scope]
            if container.loop is not None or container.type == m.EVENT_SUB_PROCESS:
                raise InvalidArgument(
                    f"Expected to start at element '{element_id}', but it is inside the "
                    f"{'multi-instance' if container.loop is not None else 'event'} sub-process "
                    f"'{container.id}', which is not supported"
                )
            path.insert(0, scope)
            scope = container.flow_scope
        paths.append(path)
    return paths


def _check(process: m.Process, element: m.Element) -> None:
    if element.type in (m.START_EVENT, m.BOUNDARY_EVENT):
        raise InvalidArgument(
            f"Expected to start at element '{element.id}', but a {element.type.lower().replace('_', ' ')} "
            "cannot be a start instruction target"
        )
    for flow_id in element.incoming:
        source = process.elements.get(process.flows[flow_id].source)
        if source is not None and source.type == m.EVENT_BASED_GATEWAY:
            raise InvalidArgument(
                f"Expected to start at element '{element.id}', but it belongs to the event-based gateway "
                f"'{source.id}'"
            )
