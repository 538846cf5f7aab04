"""Every write to grants, one module per part of a round: funds, priorities, applications,
assessment, voting, results and awards. Import the module you need; nothing is re-exported here."""
