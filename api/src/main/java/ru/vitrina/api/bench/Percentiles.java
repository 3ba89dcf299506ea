package ru.vitrina.api.bench;

/** The median and the 95th percentile of one kind of request, in milliseconds. */
record Percentiles(double p50, double p95) {
}
