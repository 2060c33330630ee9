// Runs a fuzz target over its committed corpus, so every past input (and every crash found
// and fixed) is re-checked by ctest on every build. With -DCARTGATE_LIBFUZZER=ON (clang) the
// same targets link against libFuzzer instead, for real fuzzing.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  std::size_t inputs = 0;
  for (int i = 1; i < argc; ++i) {
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(argv[i])) {
      for (const auto& e : std::filesystem::directory_iterator(argv[i]))
        files.push_back(e.path());
      // In name order: the sandbox targets keep one store across inputs, so an input may build
      // on the one before it (customer_update, then customer_update_then_taken).
      std::sort(files.begin(), files.end());
    } else {
      files.emplace_back(argv[i]);
    }
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      const std::string bytes{std::istreambuf_iterator<char>(in), {}};
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++inputs;
    }
  }
  if (inputs == 0) {
    std::cerr << "no corpus inputs found\n";
    return 1;
  }
  std::cout << inputs << " inputs ran clean\n";
  return 0;
}
