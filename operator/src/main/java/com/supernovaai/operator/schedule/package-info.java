/**
 * Cron schedules read the way the CronJob controller reads them. A leaf: the backup observer
 * (overdue backups) and the alert rules (overdue thresholds) both use it.
 */
package com.supernovaai.operator.schedule;
