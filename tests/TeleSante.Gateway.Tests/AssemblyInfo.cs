// Gateway tests start real processes (gateway, influxd, mosquitto) and some stop InfluxDB or kill the
// gateway on purpose: run the classes one after the other so the 2-core CI machine is not oversubscribed.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
