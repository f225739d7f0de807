#include "support/program_runner.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace chora::testing {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string temporary_output(const std::string& stream) {
  static std::atomic<int> counter{0};
  return (std::filesystem::temp_directory_path() / ("chora-test-run-" + std::to_string(::getpid()) +
                                                    "-" + std::to_string(counter++) + "." + stream))
      .string();
}

// In the child: wire output to files, adjust the environment, exec. Never returns.
[[noreturn]] void exec_child(const std::string& program, const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& extra_env,
                             const std::string& out_path, const std::string& err_path) {
  // The parent's test runner may block signals; the child starts with none blocked.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);

  int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  ::dup2(out, STDOUT_FILENO);
  ::dup2(err, STDERR_FILENO);
  for (const auto& [name, value] : extra_env) {
    if (value == "<unset>")
      ::unsetenv(name.c_str());
    else
      ::setenv(name.c_str(), value.c_str(), 1);
  }

  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  ::execv(program.c_str(), argv.data());
  ::_exit(127);
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

ProgramResult run_program(const std::string& program, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& extra_env) {
  BackgroundProgram running(program, args, extra_env);
  return running.wait();
}

BackgroundProgram::BackgroundProgram(const std::string& program,
                                     const std::vector<std::string>& args,
                                     const std::map<std::string, std::string>& extra_env)
    : out_path_(temporary_output("out")), err_path_(temporary_output("err")) {
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) exec_child(program, args, extra_env, out_path_, err_path_);
}

BackgroundProgram::~BackgroundProgram() {
  if (!waited_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  std::filesystem::remove(out_path_);
  std::filesystem::remove(err_path_);
}

void BackgroundProgram::send_signal(int signal) {
  ::kill(pid_, signal);
}

ProgramResult BackgroundProgram::wait() {
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  waited_ = true;
  return {decode_status(status), read_file(out_path_), read_file(err_path_)};
}

}  // namespace chora::testing
