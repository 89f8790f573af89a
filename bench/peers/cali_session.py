"""Play a walk-run session with cali-workout's own loop, as a runner would.

cali-workout (PyPI) picks a calisthenics workout by weekday and has no way to
type in a session, so a runner who wants it for walk-run intervals describes
the session in its own data model (Workout, Exercise) and runs it through
`run_workout`, exactly as its `run_app` does for the day's workout: warm-up,
main, cool-down, then the closing sound. Timing, sounds (~/beep.wav through
mpv) and the terminal display are all cali-workout's own code.

Usage: python cali_session.py WARMUP_S ROUNDS RUN_S WALK_S COOLDOWN_S
"""

import sys
import termios
import tty

from cali.audio import ensure_beep_file, play_sound
from cali.models import Exercise, Workout
from cali.timer import clear_screen, print_header
from cali.workout_app import run_workout


def main() -> int:
    warmup, rounds, run, walk, cooldown = (int(a) for a in sys.argv[1:6])
    ensure_beep_file()
    workouts = [
        Workout('Warm-up', 1, [Exercise('Brisk walk', warmup)], 0, 0),
        Workout(
            'Walk-run',
            rounds,
            [Exercise('Run', run), Exercise('Walk', walk)],
            rest_between_exercises=0,
            rest_between_rounds=0,
        ),
        Workout('Cool-down', 1, [Exercise('Easy walk', cooldown)], 0, 0),
    ]
    # As run_app: keys without Enter while the timers run.
    saved = termios.tcgetattr(0)
    try:
        tty.setcbreak(0)
        for workout in workouts:
            if not run_workout(workout):
                return 1
        clear_screen()
        print_header()
        play_sound()
        print('\nWorkout complete. Nice work.')
        return 0
    finally:
        termios.tcsetattr(0, termios.TCSADRAIN, saved)


if __name__ == '__main__':
    sys.exit(main())
