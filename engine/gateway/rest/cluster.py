"""The cluster's topology, as a single-node broker reports it: 8.8's fields only, and the port the
broker takes commands on (the gRPC gateway's, the same the gRPC ``Topology`` reports)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.grpc_service import GATEWAY_VERSION
from engine.gateway.rest.context import RestContext, handled


def routes(ctx: RestContext) -> list[Route]:
    async def topology(request: Request) -> Response:
        # Without a gRPC server beside it (the app alone, in a test) the REST port is all there is.
        port = ctx.broker_port if ctx.broker_port is not None else (request.url.port or 0)
        return JSONResponse(
            {
                "brokers": [
                    {
                        "nodeId": 0,
                        "host": request.url.hostname or "",
                        "port": port,
                        "partitions": [{"partitionId": 1, "role": "leader", "health": "healthy"}],
                        "version": GATEWAY_VERSION,
                    }
                ],
                "clusterSize": 1,
                "partitionsCount": 1,
                "replicationFactor": 1,
                "gatewayVersion": GATEWAY_VERSION,
                "lastCompletedChangeId": "-1",
            }
        )

    return [Route("/v2/topology", handled(topology), methods=["GET"])]
