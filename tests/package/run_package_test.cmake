# Run by ctest (tests/package/CMakeLists.txt): install -> configure -> build -> run the example.
file(REMOVE_RECURSE "${WORK_DIR}")

function(step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

step("cmake --install" ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${WORK_DIR}/prefix" --component development)
foreach(installed include/workshop/session.h include/workshop/store.h include/workshop/workshop.h)
  if(NOT EXISTS "${WORK_DIR}/prefix/${installed}")
    message(FATAL_ERROR "${installed} was not installed")
  endif()
endforeach()
# The manuals the headers and messages name ship with the headers (docs/ -> share/doc/workshop/).
foreach(doc scenario-format.md cli.md database.md)
  if(NOT EXISTS "${WORK_DIR}/prefix/share/doc/workshop/${doc}")
    message(FATAL_ERROR "share/doc/workshop/${doc} was not installed")
  endif()
endforeach()
file(GLOB_RECURSE _configs "${WORK_DIR}/prefix/*/workshopConfig.cmake")
file(GLOB_RECURSE _libs "${WORK_DIR}/prefix/*/libworkshop.a")
if(NOT _configs OR NOT _libs)
  message(FATAL_ERROR "workshopConfig.cmake or libworkshop.a missing from the install")
endif()

step("configure the example" ${CMAKE_COMMAND} -S "${EXAMPLE_DIR}" -B "${WORK_DIR}/build"
     "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}"
     "-DCMAKE_EXE_LINKER_FLAGS=${LINK_FLAGS}" -DCMAKE_BUILD_TYPE=Release)
step("build the example" ${CMAKE_COMMAND} --build "${WORK_DIR}/build")
step("run the example" "${WORK_DIR}/build/workshop_example" "${WORK_DIR}/example.db")
if(NOT step_output MATCHES "tea: 3 dots, position 1")
  message(FATAL_ERROR "unexpected output from the example:\n${step_output}")
endif()
message(STATUS "example output:\n${step_output}")

# The terminal front-end: every step type, its refusals with the Turn's reasons, the closing
# step after confirm, and the stored results (hand-computed: housing 2, work 1;
# the new idea idea-1 approved once).
step("run the terminal front-end" "${WORK_DIR}/build/workshop_terminal" "${WORK_DIR}/terminal.db"
     "${EXAMPLE_DIR}/turn.toml" "${EXAMPLE_DIR}/turn.commands")
foreach(_expected
    "no: step `themes`: option `housing` has 3 dots, at most 2 allowed per option"
    "no: step `themes`: 4 dots given, at most 3 allowed"
    "no: step `agenda`: 1 option ranked, at least 2 required"
    "no: step `ideas`: 2 approvals given, at most 1 allowed"
    "[review, step 5 of 5] themes:2 agenda:2 ideas:1"
    "stored, 1 new ideas"
    "[closing info: Thank you]"
    "[done]"
    "result themes housing 2"
    "result themes work 1"
    "result ideas idea-1 1")
  string(FIND "${step_output}" "${_expected}" _at)
  if(_at EQUAL -1)
    message(FATAL_ERROR "the terminal front-end did not print \"${_expected}\":\n${step_output}")
  endif()
endforeach()
message(STATUS "terminal front-end output:\n${step_output}")

