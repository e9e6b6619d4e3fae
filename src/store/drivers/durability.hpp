// How hard a store pushes a commit to disk before it is acknowledged.
//
//  kFull   (the default) a commit is on stable storage when it returns: it
//          survives a process crash, an OS crash and a power loss (given a
//          disk that honours flushes). SQLite: WAL mode with synchronous=FULL
//          (the WAL is fsync'd at every commit). PostgreSQL: synchronous_commit
//          on (raised to on when the server's default is off or local).
//  kNormal a commit survives a process crash, but the last ones (SQLite: those
//          since the last checkpoint's fsync; PostgreSQL: up to 3 x
//          wal_writer_delay, 600 ms by default) may be lost on an OS crash or
//          power loss; the database itself stays consistent. SQLite: WAL with
//          synchronous=NORMAL. PostgreSQL: SET synchronous_commit = off per
//          session.
//
// docs/SECURITY.md (## Durability) says what each costs and loses.
#pragma once

#include <optional>
#include <string_view>

namespace sb::db {

enum class Durability { kFull, kNormal };

// "full" or "normal" (exactly, lower case); nullopt for anything else.
std::optional<Durability> ParseDurability(std::string_view text);

// "full" or "normal".
std::string_view DurabilityName(Durability durability);

}  // namespace sb::db
