# ui_languages.cmake — writes the engine's list of kiosk UI languages (workshop/languages.h) from
# the language files, so that there is one source of truth for which languages have kiosk texts
# and which a native speaker reviewed. Run as:
#   cmake -DSTRINGS=assets/strings.toml -DLANG_DIR=assets/lang -DOUTPUT=... -P ui_languages.cmake
# strings.toml holds nl/en/uk and says in its `[reviewed]` table `code = true|false`;
# each assets/lang/<code>.toml says `reviewed = true|false` at its top level.
set(entries)
file(STRINGS "${STRINGS}" lines)
set(in_reviewed FALSE)
foreach(line IN LISTS lines)
  if(line MATCHES "^\\[")
    if(line MATCHES "^\\[reviewed\\]")
      set(in_reviewed TRUE)
    else()
      set(in_reviewed FALSE)
    endif()
  elseif(in_reviewed AND line MATCHES "^([a-z][a-z]) *= *(true|false)")
    list(APPEND entries "${CMAKE_MATCH_1}=${CMAKE_MATCH_2}")
  endif()
endforeach()
file(GLOB lang_files "${LANG_DIR}/*.toml")
foreach(lang_file IN LISTS lang_files)
  get_filename_component(code "${lang_file}" NAME_WE)
  file(STRINGS "${lang_file}" reviewed REGEX "^reviewed *= *(true|false)")
  if(NOT reviewed MATCHES "(true|false)")
    message(FATAL_ERROR "${lang_file}: add `reviewed = false` (or true once a native speaker checked it)")
  endif()
  list(APPEND entries "${code}=${CMAKE_MATCH_1}")
endforeach()
list(SORT entries)
set(rows "")
foreach(entry IN LISTS entries)
  string(REPLACE "=" ";" pair "${entry}")
  list(GET pair 0 code)
  list(GET pair 1 reviewed)
  string(APPEND rows "    {\"${code}\", ${reviewed}},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from assets/strings.toml and assets/lang/*.toml by ui_languages.cmake. Do not edit.
#include \"workshop/languages.h\"

#include <algorithm>

namespace workshop {

namespace {
constexpr UiLanguage languages[] = {
${rows}};
}  // namespace

std::span<const UiLanguage> ui_languages() { return languages; }

const UiLanguage* find_ui_language(std::string_view code) {
    const auto* found = std::find_if(std::begin(languages), std::end(languages),
                                     [&](const UiLanguage& l) { return l.code == code; });
    return found == std::end(languages) ? nullptr : found;
}

}  // namespace workshop
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
