#!/usr/bin/env python3
"""The database pod's archiving report, for the operator's ContinuousArchiving condition.

Every REPORT_INTERVAL_SECONDS: runs archiver-report.sql with psql (over the socket, as PGUSER),
adds the newest base backup's time that base-backup-schedule.sh wrote to NEWEST_BACKUP_FILE, and
patches the result into this pod's annotation ops.supernova-ai.com/archiver through the Kubernetes
API, with the pod's own ServiceAccount token (its Role may patch this one pod and nothing else).
Nothing in the report is secret. A failure is logged once (not every interval) and retried.

Environment: POD_NAME, POD_NAMESPACE (downward API), PGHOST, PGPORT, PGUSER,
REPORT_INTERVAL_SECONDS (default 15), NEWEST_BACKUP_FILE.
"""
import datetime
import json
import os
import subprocess
import sys
import time

ANNOTATION = "ops.supernova-ai.com/archiver"
HERE = os.path.dirname(os.path.abspath(__file__))


def log(message):
    print("archiver-report: " + message, file=sys.stderr, flush=True)


def report():
    done = subprocess.run(
        ["psql", "-XAtq", "-v", "ON_ERROR_STOP=1", "-d", "postgres",
         "-f", os.path.join(HERE, "archiver-report.sql")],
        capture_output=True, text=True, timeout=30)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise RuntimeError("psql: " + (lines[-1] if lines else "exit %d" % done.returncode))
    data = json.loads(done.stdout)
    newest = newest_backup()
    if newest:
        data["lastBaseBackupTime"] = newest
    return data


def newest_backup():
    path = os.environ.get("NEWEST_BACKUP_FILE", "")
    try:
        with open(path) as f:
            epoch = int(f.read().strip())
    except (OSError, ValueError):
        return None
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def describe(error):
    # An ApiException's text carries the response's headers and body: its status is enough.
    status = getattr(error, "status", None)
    if status is not None:
        return "Kubernetes API answered %s %s" % (status, getattr(error, "reason", ""))
    return "%s: %s" % (type(error).__name__, str(error).splitlines()[0] if str(error) else "")


def main():
    from kubernetes import client, config  # python3-kubernetes, which Patroni uses too

    pod, namespace = os.environ["POD_NAME"], os.environ["POD_NAMESPACE"]
    interval = int(os.environ.get("REPORT_INTERVAL_SECONDS", "15"))
    # Reads the projected token and CA, and re-reads the token as the kubelet rotates it.
    config.load_incluster_config()
    api = client.CoreV1Api()
    log("publishing to pod %s/%s, annotation %s, every %ds" % (namespace, pod, ANNOTATION, interval))
    last_error = None
    while True:
        try:
            body = {"metadata": {"annotations": {
                ANNOTATION: json.dumps(report(), separators=(",", ":"), sort_keys=True)}}}
            api.patch_namespaced_pod(pod, namespace, body)
            if last_error is not None:
                log("publishing again")
                last_error = None
        except Exception as error:  # noqa: BLE001 - any failure is retried at the next interval
            text = describe(error)
            if text != last_error:
                log("FAILED (ReportNotPublished): " + text + "; retrying every %ds" % interval)
                last_error = text
        time.sleep(interval)


if __name__ == "__main__":
    main()
