"""The cluster's topology, as a single-node broker reports it."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from engine.gateway.grpc_service import GATEWAY_VERSION
from engine.gateway.rest.context import RestContext, handled


def routes(ctx: RestContext) -> list[Route]:
    async def topology(request: Request) -> Response:
        port = request.url.port or 0
        return JSONResponse(
            {
                "brokers": [
                    {
                        "nodeId": 0,
                        "brokerId": 0,
                        "host": request.url.hostname,
                        "port": port,
                        "partitions": [
                            {"partitionId": 1, "role": "leader", "health": "healthy", "state": "ACTIVE"}
                        ],
                        "version": GATEWAY_VERSION,
                    }
                ],
                "clusterId": None,
                "clusterSize": 1,
                "partitionsCount": 1,
                "replicationFactor": 1,
                "gatewayVersion": GATEWAY_VERSION,
                "lastCompletedChangeId": "-1",
            }
        )

    return [Route("/v2/topology", handled(topology), methods=["GET"])]
