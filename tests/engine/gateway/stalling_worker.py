"""A job worker that stalls mid-job: it activates one job, reports its key, then waits for a line
on stdin before completing it and reporting the status code the gateway answered.

Usage: python stalling_worker.py ADDRESS JOB_TYPE TIMEOUT_MS
"""

from __future__ import annotations

import sys

import grpc
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub


def main(address: str, job_type: str, timeout_ms: int) -> None:
    with grpc.insecure_channel(address) as channel:
        stub = GatewayStub(channel)  # type: ignore[no-untyped-call]
        request = pb.ActivateJobsRequest(
            type=job_type, worker="stalling", timeout=timeout_ms, maxJobsToActivate=1, requestTimeout=20_000
        )
        jobs = [job for response in stub.ActivateJobs(request, timeout=30) for job in response.jobs]
        print(f"ACTIVATED {jobs[0].key}", flush=True)
        sys.stdin.readline()
        try:
            stub.CompleteJob(pb.CompleteJobRequest(jobKey=jobs[0].key, variables="{}"), timeout=10)
            print("COMPLETE OK", flush=True)
        except grpc.RpcError as error:
            print(f"COMPLETE {error.code().name}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
