# Monitoring and spend. Batch job state changes (a job that failed or succeeded) and budget alerts go to one SNS topic;
# an e-mail subscription is added when var.alert_email is set (AWS sends a confirmation mail first).

resource "aws_sns_topic" "alerts" {
  name = "${local.name}-alerts"
  tags = local.tags
}

data "aws_iam_policy_document" "alerts" {
  statement {
    sid       = "EventBridgeAndBudgetsPublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alerts.arn]
    principals {
      type        = "Service"
      identifiers = ["events.amazonaws.com", "budgets.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "alerts" {
  arn    = aws_sns_topic.alerts.arn
  policy = data.aws_iam_policy_document.alerts.json
}

resource "aws_sns_topic_subscription" "alert_email" {
  count     = var.alert_email == "" ? 0 : 1
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.alert_email
}

# The "Batch Job State Change" event of the platform's queues, for jobs that ended.
resource "aws_cloudwatch_event_rule" "job_finished" {
  name        = "${local.name}-job-finished"
  description = "GEOS-Chem Batch jobs that succeeded or failed"
  event_pattern = jsonencode({
    source        = ["aws.batch"]
    "detail-type" = ["Batch Job State Change"]
    detail = {
      status   = ["FAILED", "SUCCEEDED"]
      jobQueue = [aws_batch_job_queue.spot.arn, aws_batch_job_queue.ondemand.arn]
    }
  })
  tags = local.tags
}

resource "aws_cloudwatch_event_target" "job_finished" {
  rule      = aws_cloudwatch_event_rule.job_finished.name
  target_id = "sns"
  arn       = aws_sns_topic.alerts.arn
}

# The month's spend on resources tagged with this project (activate the geoschem:project cost allocation tag in
# Billing for the filter to see them): alerts at 80% of actual spend and when the forecast passes 100%.
resource "aws_budgets_budget" "monthly" {
  count        = var.monthly_budget_usd > 0 ? 1 : 0
  name         = "${local.name}-monthly"
  budget_type  = "COST"
  limit_amount = format("%.2f", var.monthly_budget_usd)
  limit_unit   = "USD"
  time_unit    = "MONTHLY"
  cost_filter {
    name   = "TagKeyValue"
    values = [format("user:geoschem:project$%s", var.project_name)]
  }
  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 80
    threshold_type            = "PERCENTAGE"
    notification_type         = "ACTUAL"
    subscriber_sns_topic_arns = [aws_sns_topic.alerts.arn]
  }
  notification {
    comparison_operator       = "GREATER_THAN"
    threshold                 = 100
    threshold_type            = "PERCENTAGE"
    notification_type         = "FORECASTED"
    subscriber_sns_topic_arns = [aws_sns_topic.alerts.arn]
  }
}
