from django.apps import AppConfig


class MoneyConfig(AppConfig):
    name = "ostrom.money"
    label = "money"
    verbose_name = "Money: budget lines, devolved budgets and cost-benefit"
