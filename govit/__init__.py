"""``govit``: the command-line tool of the process application.

It does what clerks and operators do without Tasklist and Operate (start a project, list and
complete user tasks, inspect an instance, resolve an incident, deploy), talking to Camunda only
through its public APIs (the Zeebe gRPC gateway and the Orchestration Cluster REST API ``/v2``),
so it works the same against the embedded engine and a real Camunda 8.8 cluster.
"""
