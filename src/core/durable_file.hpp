// Putting a whole file in place so that it survives a crash: written to a
// temporary name beside it (`path + ".partial"`), flushed to disk (fsync),
// renamed into place and the directory flushed, so `path` either does not
// exist or holds all of its content, before and after a crash.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sb {

// `data` into `path`. kInternal naming the path and the system's reason when
// any step fails (nothing is left behind then).
Status WriteFileDurably(const std::string& path, std::string_view data);

// The `length` bytes of file `from` at `offset` into `to`, the way
// WriteFileDurably writes: with copy_file_range(2), in the kernel, where the
// file systems allow it, else through a 64 KiB buffer. kInternal naming the
// path and the system's reason when any step fails, `from` is missing or
// shorter than offset + length (nothing is left behind then).
Status CopyFileRangeDurably(const std::string& from, uint64_t offset, uint64_t length,
                            const std::string& to);

// The file `from` flushed and renamed to `to` (replacing it), the directory of
// `to` flushed: both must be on one file system. kInternal naming the path
// and the system's reason when a step fails: before the rename `from` is
// untouched; if only the last flush fails the file is at `to`.
Status MoveFileDurably(const std::string& from, const std::string& to);

}  // namespace sb
