from pathlib import Path

from django.conf import settings

VNU_VERSION = "26.9.27"  # npm's vnu-jar; the Makefile fetches the same version
VNU_JAR = Path(settings.BASE_DIR) / "tests" / "vendor" / "vnu" / "vnu.jar"
