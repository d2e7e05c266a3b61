"""Prometheus metrics, in a registry of the app's own (no module-level state)."""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from briefings.service.jobs import Job

BUILD_BUCKETS = (0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600)


class Metrics:
    """Builds by kind and outcome, build seconds, queue depth, the facts and their validity."""

    def __init__(
        self,
        queue_depth: Callable[[], float],
        facts_count: Callable[[], float],
        facts_invalid: Callable[[], float],
    ) -> None:
        self.registry = CollectorRegistry()
        self.builds = Counter(
            "briefings_builds",
            "Builds finished, by briefing type and outcome.",
            ["kind", "outcome"],
            registry=self.registry,
        )
        self.build_seconds = Histogram(
            "briefings_build_seconds",
            "Seconds from a build's start in a worker to its end.",
            buckets=BUILD_BUCKETS,
            registry=self.registry,
        )
        self.rejected = Counter(
            "briefings_builds_rejected",
            "Builds refused because the queue was full.",
            registry=self.registry,
        )
        self.workers_replaced = Counter(
            "briefings_workers_replaced",
            "Build workers replaced, by reason (recycled, timeout, crash).",
            ["reason"],
            registry=self.registry,
        )
        self._gauge("briefings_queue_depth", "Builds waiting for a worker.", queue_depth)
        self._gauge("briefings_facts", "Records in the facts base being served.", facts_count)
        self._gauge(
            "briefings_facts_invalid", "1 while the facts on disk are invalid.", facts_invalid
        )

    def _gauge(self, name: str, help_text: str, read: Callable[[], float]) -> None:
        Gauge(name, help_text, registry=self.registry).set_function(read)

    def finished(self, job: Job) -> None:
        """Count a finished job and its duration."""
        kind = "all" if job.request.every else job.request.kind or "unknown"
        self.builds.labels(kind=kind, outcome=job.status).inc()
        if job.started_at is not None and job.finished_at is not None:
            self.build_seconds.observe(job.finished_at - job.started_at)

    def render(self) -> bytes:
        return generate_latest(self.registry)
