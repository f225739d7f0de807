#pragma once

#include <map>
#include <string>
#include <vector>

namespace chora::testing {

// What a finished program left behind.
struct ProgramResult {
  int exit_code = -1;  // 128 + signal number when killed by a signal
  std::string out;
  std::string err;
};

// Runs `program` with `args` (without argv[0]) and waits for it. `extra_env` is added to
// this process's environment; a value of "<unset>" removes the variable instead.
ProgramResult run_program(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& extra_env = {});

// A program running in the background, to be signalled or waited for.
class BackgroundProgram {
 public:
  BackgroundProgram(const std::string& program, const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& extra_env = {});
  ~BackgroundProgram();  // kills the program if still running

  void send_signal(int signal);
  ProgramResult wait();

 private:
  int pid_ = -1;
  std::string out_path_;
  std::string err_path_;
  bool waited_ = false;
};

}  // namespace chora::testing
