"""Identity and authorization of the embedded engine: one directory of users, groups, roles,
mapping rules and Camunda 8.8 authorizations; how a caller is authenticated; what it may do."""
