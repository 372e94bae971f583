#pragma once

#include <QString>

namespace chat::bench {

//! Prints the table of a standard run from its JSON lines (one object per scenario, each
//! with the "name" run-standard.sh gave it): each figure for chatd and the relay, their
//! ratio and the target. With `check`, returns 1 unless every line is a JSON
//! object and every scenario counted something (messages, clients): what CI asserts
//! of a short run, whose figures are then not judged against the targets.
int printReport(const QString &path, bool check);

} // namespace chat::bench
