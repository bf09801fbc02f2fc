#include "xml/error.hpp"

namespace smfront::xml {

std::string_view toString(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::None: return "none";
    case ErrorCode::Malformed: return "malformed";
    case ErrorCode::TooDeep: return "too-deep";
    case ErrorCode::TooLarge: return "too-large";
    case ErrorCode::TooManyAttributes: return "too-many-attributes";
    case ErrorCode::TextTooLarge: return "text-too-large";
    case ErrorCode::ForbiddenDoctype: return "forbidden-doctype";
    case ErrorCode::ForbiddenEntity: return "forbidden-entity";
    case ErrorCode::ForbiddenProcessingInstruction: return "forbidden-processing-instruction";
    case ErrorCode::ForbiddenComment: return "forbidden-comment";
    case ErrorCode::UnexpectedEnd: return "unexpected-end";
  }
  return "unknown";
}

}  // namespace smfront::xml
