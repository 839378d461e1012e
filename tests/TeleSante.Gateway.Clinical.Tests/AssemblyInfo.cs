// The clinical API tests start real gateway processes (and PostgreSQL): run the classes one after the other so the
// 2-core CI machine is not oversubscribed (another test assembly runs beside this one).
[assembly: CollectionBehavior(DisableTestParallelization = true)]
