#include "store/drivers/dialect_util.hpp"

#include <cctype>

namespace sb::store::dialect_util {

std::string PhoneDigits(std::string_view term) {
  std::string digits;
  for (char ch : term) {
    if (std::isdigit(static_cast<unsigned char>(ch))) {
      digits.push_back(ch);
    } else if (ch != ' ' && ch != '-' && ch != '(' && ch != ')' && ch != '.' && ch != '+') {
      return {};
    }
  }
  return digits;
}

std::string ColumnsLike(std::string_view alias, std::string_view op, std::string_view pattern,
                        db::Params& params) {
  std::string sql = "(";
  const char* const columns[] = {"name", "surname", "email", "phone_number"};
  for (const char* column : columns) {
    if (sql.size() > 1) sql += " OR ";
    sql += std::string(alias) + "." + column + " " + std::string(op) + " ? ESCAPE '\\'";
    params.emplace_back(std::string(pattern));
  }
  return sql + ")";
}

}  // namespace sb::store::dialect_util
