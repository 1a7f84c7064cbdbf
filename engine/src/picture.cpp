// picture.cpp — checking a scenario's picture files (`image = "..."`) from their bytes.
//
// stb_image (libstb-dev) reads only the header here: the kind and the size in pixels. The
// decoders are compiled in privately (static functions), limited to PNG and JPEG, the two
// kinds the scenario format allows.
#include "workshop/scenario.h"
#include "sha256.h"

#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_NO_STDIO
// stb's PNG reader trips GCC's -Wmaybe-uninitialized in code it never runs for a header read.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <stb_image.h>
#pragma GCC diagnostic pop

namespace workshop {

std::optional<Picture> read_picture(std::string bytes, std::string& problem) {
    if (bytes.size() > max_picture_bytes) {
        problem = "is larger than 4 MiB (" + std::to_string(bytes.size()) +
                  " bytes); save it smaller: a card shows it a few hundred pixels wide";
        return std::nullopt;
    }
    int width = 0, height = 0, channels = 0;
    if (bytes.empty() ||
        !stbi_info_from_memory(reinterpret_cast<const stbi_uc*>(bytes.data()), static_cast<int>(bytes.size()),
                               &width, &height, &channels)) {
        problem = "is not a PNG or JPEG picture; save it as .png or .jpg";
        return std::nullopt;
    }
    if (width > max_picture_side || height > max_picture_side) {
        problem = "is " + std::to_string(width) + "×" + std::to_string(height) + " pixels, more than " +
                  std::to_string(max_picture_side) + " on a side; scale it down";
        return std::nullopt;
    }
    Picture picture;
    picture.sha256 = sha256_hex(bytes);
    picture.bytes = std::move(bytes);
    picture.width = width;
    picture.height = height;
    return picture;
}

}  // namespace workshop
