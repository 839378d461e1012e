// Each test hosts a gateway on real sockets with a real influxd, and some measure ingestion rates or
// latency: run them one after the other so the 2-core machine is not oversubscribed.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
